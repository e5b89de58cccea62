package io.flowcast.model.forecast;

/**
 * What the streaming job emits for one observed window, as the offline {@link SensorReplay}
 * computes it: the same values as the job's Avro {@code Forecast}.
 *
 * @param window the window
 * @param forecasts forecasts for the next {@code horizon} windows, in the sensor's units
 * @param lower lower ends of their prediction intervals
 * @param upper upper ends of their prediction intervals
 * @param residual actual minus the forecast made for this window; NaN when there was none
 * @param score anomaly score; NaN while the sensor warms up or without a residual
 * @param anomaly whether the score reaches the anomaly threshold
 * @param missedWindows windows the sensor missed right before this one
 */
public record ReplayForecast(
    ReplayWindow window,
    float[] forecasts,
    float[] lower,
    float[] upper,
    float residual,
    float score,
    boolean anomaly,
    int missedWindows) {

  /** Row {@code row} of a batch the forecaster has advanced. */
  static ReplayForecast of(ReplayWindow window, WindowBatch batch, int row, boolean anomaly, int missedWindows) {
    int horizon = batch.horizon();
    float[] forecasts = new float[horizon];
    float[] lower = new float[horizon];
    float[] upper = new float[horizon];
    for (int k = 0; k < horizon; k++) {
      forecasts[k] = batch.forecast(row, k);
      lower[k] = batch.lower(row, k);
      upper[k] = batch.upper(row, k);
    }
    return new ReplayForecast(window, forecasts, lower, upper, batch.residual(row), batch.score(row),
        anomaly, missedWindows);
  }
}
