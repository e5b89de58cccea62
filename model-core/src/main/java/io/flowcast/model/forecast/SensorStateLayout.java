package io.flowcast.model.forecast;

import io.flowcast.model.step.StateLayout;

/**
 * Where everything a sensor needs between windows lies in its one flat {@code float[]}, the value
 * of its keyed state:
 *
 * <pre>
 *   [0, R)              recurrent state, as {@link StateLayout} (h per layer, then c per layer)
 *   [R, R+3)            running mean and variance of the window values ({@link ExponentialStats})
 *   [R+3, R+6)          running mean and variance of the normalised residuals
 *   [R+6, R+6+horizon)  the last forecasts, in the sensor's units; NaN when there are none
 * </pre>
 *
 * @param recurrentSize R, floats of recurrent state per sensor
 * @param horizon forecasts kept per sensor
 */
public record SensorStateLayout(int recurrentSize, int horizon) {

  public int normalizationOffset() {
    return recurrentSize;
  }

  public int residualOffset() {
    return recurrentSize + ExponentialStats.SIZE;
  }

  public int forecastOffset() {
    return recurrentSize + 2 * ExponentialStats.SIZE;
  }

  /** Floats per sensor. */
  public int size() {
    return forecastOffset() + horizon;
  }

  /** Bytes of one sensor's state as Flink serialises it (a length prefix and raw floats). */
  public int serializedBytes() {
    return Integer.BYTES + Float.BYTES * size();
  }
}
