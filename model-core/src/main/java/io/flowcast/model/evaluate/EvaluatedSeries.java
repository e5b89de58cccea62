package io.flowcast.model.evaluate;

import io.flowcast.model.forecast.ReplayForecast;
import java.util.Arrays;

/**
 * What the job emitted for each window of one {@link RecordedSeries}: the forecasts it made for
 * the next {@code horizon} windows with their prediction intervals, and the window's anomaly
 * score. Filled in window order as the replay emits them.
 */
public final class EvaluatedSeries {
  private final RecordedSeries series;
  private final int horizon;
  private final int onlineStartWindow;
  private final int scalingWindows;
  private final float[] forecasts;
  private final float[] lower;
  private final float[] upper;
  private final float[] scores;
  private final boolean[] flagged;
  private int emitted;

  /**
   * @param onlineStartWindow the first window of the online part
   * @param scalingWindows the leading windows whose values set the units of the errors: the
   *     pre-training part, or every window when nothing pre-trains
   */
  EvaluatedSeries(RecordedSeries series, int horizon, int onlineStartWindow, int scalingWindows) {
    this.series = series;
    this.horizon = horizon;
    this.onlineStartWindow = onlineStartWindow;
    this.scalingWindows = scalingWindows;
    int windows = series.windows().size();
    this.forecasts = new float[windows * horizon];
    this.lower = new float[windows * horizon];
    this.upper = new float[windows * horizon];
    this.scores = new float[windows];
    this.flagged = new boolean[windows];
    Arrays.fill(forecasts, Float.NaN);
    Arrays.fill(lower, Float.NaN);
    Arrays.fill(upper, Float.NaN);
    Arrays.fill(scores, Float.NaN);
  }

  /** Records the results of the sensor's next window. */
  void accept(ReplayForecast forecast) {
    int window = emitted++;
    if (forecast.window().start() != series.windows().starts()[window]) {
      throw new IllegalStateException(series.sensorId() + ": results of the window at " + forecast.window().start()
          + " arrived where the one at " + series.windows().starts()[window] + " was due");
    }
    System.arraycopy(forecast.forecasts(), 0, forecasts, window * horizon, horizon);
    System.arraycopy(forecast.lower(), 0, lower, window * horizon, horizon);
    System.arraycopy(forecast.upper(), 0, upper, window * horizon, horizon);
    scores[window] = forecast.score();
    flagged[window] = forecast.anomaly();
  }

  public RecordedSeries series() {
    return series;
  }

  public int horizon() {
    return horizon;
  }

  public int onlineStartWindow() {
    return onlineStartWindow;
  }

  /** The leading windows whose values set the units of the errors ({@link ForecastErrors}). */
  public int scalingWindows() {
    return scalingWindows;
  }

  /** Windows whose results arrived. */
  public int emitted() {
    return emitted;
  }

  /** Forecast for {@code k + 1} windows after window {@code window}, made right after it; NaN if none. */
  public float forecast(int window, int k) {
    return forecasts[window * horizon + k];
  }

  public float lower(int window, int k) {
    return lower[window * horizon + k];
  }

  public float upper(int window, int k) {
    return upper[window * horizon + k];
  }

  /** The window's anomaly score; NaN while the sensor warms up. */
  public float score(int window) {
    return scores[window];
  }

  /** Whether the window's score reached the anomaly threshold. */
  public boolean flagged(int window) {
    return flagged[window];
  }

  /**
   * The forecast made for {@code window} before any of its rows arrived: the previous window's for
   * as many windows ahead as lie between them; NaN for the first window or a gap beyond the
   * horizon. {@link #lowerFor} and {@link #upperFor} are its interval.
   */
  public float forecastFor(int window) {
    int ahead = aheadOfPrevious(window);
    return ahead < 0 ? Float.NaN : forecast(window - 1, ahead);
  }

  public float lowerFor(int window) {
    int ahead = aheadOfPrevious(window);
    return ahead < 0 ? Float.NaN : lower(window - 1, ahead);
  }

  public float upperFor(int window) {
    int ahead = aheadOfPrevious(window);
    return ahead < 0 ? Float.NaN : upper(window - 1, ahead);
  }

  /** How many windows ahead of window {@code window - 1} window {@code window} lies, less one; -1 if none or beyond the horizon. */
  private int aheadOfPrevious(int window) {
    if (window == 0) {
      return -1;
    }
    long[] starts = series.windows().starts();
    long ahead = (starts[window] - starts[window - 1]) / series.windows().windowMillis() - 1;
    return ahead < horizon ? (int) ahead : -1;
  }
}
