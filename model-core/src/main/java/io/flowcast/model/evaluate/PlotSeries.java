package io.flowcast.model.evaluate;

import java.util.List;
import java.util.Objects;

/**
 * One evaluated series, row by row, as {@link EvaluationPlot} draws it. All arrays have one entry
 * per row; a NaN forecast or bound (no forecast yet) is left out of the chart.
 *
 * @param title the chart's title
 * @param timesMillis each row's time, epoch milliseconds, ascending
 * @param actual each row's recorded value
 * @param forecast each row's one-step forecast, or NaN
 * @param lower each row's lower prediction bound, or NaN
 * @param upper each row's upper prediction bound, or NaN
 * @param flagged whether each row was flagged as anomalous
 * @param labelledWindows the labelled anomaly windows, each {@code {startMillis, endMillis}},
 *     both inclusive
 */
public record PlotSeries(
    String title,
    long[] timesMillis,
    double[] actual,
    double[] forecast,
    double[] lower,
    double[] upper,
    boolean[] flagged,
    List<long[]> labelledWindows) {

  /** Checks that every array has one entry per row and every window is a start and an end. */
  public PlotSeries {
    Objects.requireNonNull(title, "title");
    int rows = timesMillis.length;
    requireRows("actual", actual.length, rows);
    requireRows("forecast", forecast.length, rows);
    requireRows("lower", lower.length, rows);
    requireRows("upper", upper.length, rows);
    requireRows("flagged", flagged.length, rows);
    labelledWindows = List.copyOf(labelledWindows);
    for (long[] window : labelledWindows) {
      if (window.length != 2 || window[0] > window[1]) {
        throw new IllegalArgumentException(
            "labelledWindows: each window is {startMillis, endMillis} with start <= end");
      }
    }
  }

  private static void requireRows(String field, int length, int rows) {
    if (length != rows) {
      throw new IllegalArgumentException(
          field + " has " + length + " values, timesMillis has " + rows);
    }
  }

  /** The windows of an evaluated series with the forecast each had, and {@code labelledWindows}. */
  public static PlotSeries of(EvaluatedSeries series, List<long[]> labelledWindows) {
    RecordedSeries recorded = series.series();
    int windows = series.emitted();
    double[] forecast = new double[windows];
    double[] lower = new double[windows];
    double[] upper = new double[windows];
    boolean[] flagged = new boolean[windows];
    for (int w = 0; w < windows; w++) {
      forecast[w] = series.forecastFor(w);
      lower[w] = series.lowerFor(w);
      upper[w] = series.upperFor(w);
      flagged[w] = series.flagged(w);
    }
    return new PlotSeries(recorded.sensorId(), java.util.Arrays.copyOf(recorded.windows().starts(), windows),
        java.util.Arrays.copyOf(recorded.windows().means(), windows), forecast, lower, upper, flagged,
        labelledWindows);
  }
}
