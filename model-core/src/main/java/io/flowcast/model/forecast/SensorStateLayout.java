package io.flowcast.model.forecast;

import io.flowcast.model.step.StateLayout;

/**
 * Where everything a sensor needs between windows lies in its one flat {@code float[]}, the value
 * of its keyed state:
 *
 * <pre>
 *   [0, R)              recurrent state, as {@link StateLayout} (h per layer, then c per layer)
 *   [R, R+3)            running mean and variance of the window values ({@link ExponentialStats})
 *   [R+3, R+6)          the normalised residuals' mean square and interval calibration ({@link AnomalyScorer})
 *   [R+6, R+6+horizon)  the last forecasts, in the sensor's units; NaN when there are none
 *   [R+6+horizon, ...)  with fine-tuning on, the sensor's recent encoded windows ({@link WindowHistory})
 * </pre>
 *
 * @param recurrentSize R, floats of recurrent state per sensor
 * @param horizon forecasts kept per sensor
 * @param historySteps recent windows kept for training samples, 0 without fine-tuning
 */
public record SensorStateLayout(int recurrentSize, int horizon, int historySteps) {

  /** A layout without window history. */
  public SensorStateLayout(int recurrentSize, int horizon) {
    this(recurrentSize, horizon, 0);
  }

  public int normalizationOffset() {
    return recurrentSize;
  }

  public int residualOffset() {
    return recurrentSize + ExponentialStats.SIZE;
  }

  public int forecastOffset() {
    return residualOffset() + AnomalyScorer.SIZE;
  }

  /** Start of the window history, if any. */
  public int historyOffset() {
    return forecastOffset() + horizon;
  }

  /** Floats per sensor. */
  public int size() {
    return historyOffset() + (historySteps == 0 ? 0 : WindowHistory.size(historySteps));
  }

  /** Bytes of one sensor's state as Flink serialises it (a length prefix and raw floats). */
  public int serializedBytes() {
    return Integer.BYTES + Float.BYTES * size();
  }
}
