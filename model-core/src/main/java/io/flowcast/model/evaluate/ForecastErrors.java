package io.flowcast.model.evaluate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forecast errors of one series over its online part, in units standardised by its pre-training
 * part (mean and standard deviation, ddof 0; the whole series when nothing pre-trains; a constant
 * part leaves the units as they are), as the online-forecasting protocol measures them.
 *
 * <p>Every window {@code o} from the last one before the online part on forecasts the next
 * {@code horizon} windows; each of those that was observed and lies in the online part is one
 * (origin, step) pair: its squared and absolute errors, persistence's (the value of window
 * {@code o} repeated), and whether the actual lay inside the prediction interval. The errors are
 * means over all pairs, which is the mean over origins of the mean over the horizon where every
 * step was observed. Pairs without a forecast (the sensor still had no forecast, or a gap beyond
 * the horizon) count in {@code missing} and in neither error.
 *
 * @param pairs (origin, step) pairs measured
 * @param mse mean squared error of the forecasts
 * @param mae mean absolute error of the forecasts
 * @param msePersistence persistence's mean squared error on the same pairs
 * @param maePersistence persistence's mean absolute error on the same pairs
 * @param covered pairs whose actual lay inside the prediction interval
 * @param missing pairs without a forecast
 * @param pairsByStep the measured pairs of each horizon step (index k: k + 1 windows ahead)
 * @param coveredByStep the covered pairs of each horizon step
 */
public record ForecastErrors(long pairs, double mse, double mae, double msePersistence, double maePersistence,
    long covered, long missing, long[] pairsByStep, long[] coveredByStep) {

  /** Measures {@code series} over its online part. */
  public static ForecastErrors of(EvaluatedSeries series) {
    RecordedSeries recorded = series.series();
    long[] starts = recorded.windows().starts();
    double[] means = recorded.windows().means();
    long millis = recorded.windows().windowMillis();
    int online = series.onlineStartWindow();
    double[] scale = standardisation(means, series.scalingWindows());
    long pairs = 0;
    long covered = 0;
    long[] pairsByStep = new long[series.horizon()];
    long[] coveredByStep = new long[series.horizon()];
    long missing = 0;
    double se = 0;
    double ae = 0;
    double sePersistence = 0;
    double aePersistence = 0;
    for (int origin = Math.max(0, online - 1); origin < series.emitted(); origin++) {
      for (int k = 0; k < series.horizon(); k++) {
        int target = Arrays.binarySearch(starts, starts[origin] + (k + 1) * millis);
        if (target < online || target >= series.emitted()) {
          continue;
        }
        float forecast = series.forecast(origin, k);
        if (Float.isNaN(forecast)) {
          missing++;
          continue;
        }
        double actual = means[target];
        double error = (actual - forecast) / scale[1];
        double persistence = (actual - means[origin]) / scale[1];
        pairs++;
        pairsByStep[k]++;
        se += error * error;
        ae += Math.abs(error);
        sePersistence += persistence * persistence;
        aePersistence += Math.abs(persistence);
        if (actual >= series.lower(origin, k) && actual <= series.upper(origin, k)) {
          covered++;
          coveredByStep[k]++;
        }
      }
    }
    return new ForecastErrors(pairs, se / pairs, ae / pairs, sePersistence / pairs, aePersistence / pairs, covered,
        missing, pairsByStep, coveredByStep);
  }

  private static double[] standardisation(double[] means, int windows) {
    double sum = 0;
    for (int i = 0; i < windows; i++) {
      sum += means[i];
    }
    double mean = sum / windows;
    double squares = 0;
    for (int i = 0; i < windows; i++) {
      squares += (means[i] - mean) * (means[i] - mean);
    }
    double sd = Math.sqrt(squares / windows);
    return new double[] {mean, sd > 0 ? sd : 1};
  }

  /** Share of the measured pairs inside the prediction interval. */
  public double coverage() {
    return (double) covered / pairs;
  }

  /** Share of the measured pairs of each horizon step inside their prediction intervals. */
  public double[] coverageByStep() {
    double[] coverage = new double[pairsByStep.length];
    for (int k = 0; k < coverage.length; k++) {
      coverage[k] = (double) coveredByStep[k] / pairsByStep[k];
    }
    return coverage;
  }

  /** Mean absolute scaled error against persistence: below 1 beats repeating the last value. */
  public double mase() {
    return mae / maePersistence;
  }

  /**
   * Means over series, each series weighing the same (as the protocol averages over series);
   * the coverage pools all pairs.
   */
  public static ForecastErrors meanOf(List<ForecastErrors> series) {
    double n = series.size();
    return new ForecastErrors(
        series.stream().mapToLong(ForecastErrors::pairs).sum(),
        series.stream().mapToDouble(ForecastErrors::mse).sum() / n,
        series.stream().mapToDouble(ForecastErrors::mae).sum() / n,
        series.stream().mapToDouble(ForecastErrors::msePersistence).sum() / n,
        series.stream().mapToDouble(ForecastErrors::maePersistence).sum() / n,
        series.stream().mapToLong(ForecastErrors::covered).sum(),
        series.stream().mapToLong(ForecastErrors::missing).sum(),
        sumByStep(series.stream().map(ForecastErrors::pairsByStep).toList()),
        sumByStep(series.stream().map(ForecastErrors::coveredByStep).toList()));
  }

  private static long[] sumByStep(List<long[]> counts) {
    long[] sum = new long[counts.stream().mapToInt(c -> c.length).max().orElse(0)];
    for (long[] c : counts) {
      for (int k = 0; k < c.length; k++) {
        sum[k] += c[k];
      }
    }
    return sum;
  }

  /** The errors as JSON fields. */
  public Map<String, Object> jsonFields() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("pairs", pairs);
    json.put("mse", mse);
    json.put("mae", mae);
    json.put("mse_persistence", msePersistence);
    json.put("mae_persistence", maePersistence);
    json.put("mase", mase());
    json.put("coverage", coverage());
    json.put("coverage_by_step", coverageByStep());
    json.put("missing_forecasts", missing);
    return json;
  }
}
