package io.flowcast.model.forecast;

import java.util.Arrays;

/**
 * A reusable bundle of closed windows, at most one per sensor, and after
 * {@link SensorForecaster#advance(WindowBatch)} their results. Rows refer to the sensors' own
 * state arrays, which the forecaster updates in place; nothing is allocated per window.
 *
 * <p>An <em>observed</em> row carries the window's actual value. An <em>imputed</em> row stands
 * for a window the sensor missed: the model is fed its own forecast so that its state stays in step
 * with time, and nothing is scored or learned from it.
 */
public final class WindowBatch {
  final float[][] sensorStates;
  final long[] windowStarts;
  final float[] actuals;
  final boolean[] imputed;
  final float[] forecasts;
  final float[] lower;
  final float[] upper;
  final float[] residuals;
  final float[] scores;
  private final int horizon;
  private int size;

  /**
   * @param capacity rows per bundle
   * @param horizon forecasts per row
   */
  public WindowBatch(int capacity, int horizon) {
    if (capacity < 1 || horizon < 1) {
      throw new IllegalArgumentException("capacity and horizon must be >= 1");
    }
    this.horizon = horizon;
    sensorStates = new float[capacity][];
    windowStarts = new long[capacity];
    actuals = new float[capacity];
    imputed = new boolean[capacity];
    forecasts = new float[capacity * horizon];
    lower = new float[capacity * horizon];
    upper = new float[capacity * horizon];
    residuals = new float[capacity];
    scores = new float[capacity];
  }

  /** Adds a closed window with its actual value; returns its row. */
  public int addObserved(float[] sensorState, long windowStart, float actual) {
    return add(sensorState, windowStart, actual, false);
  }

  /** Adds a window the sensor missed; returns its row. */
  public int addImputed(float[] sensorState, long windowStart) {
    return add(sensorState, windowStart, Float.NaN, true);
  }

  private int add(float[] sensorState, long windowStart, float actual, boolean isImputed) {
    if (isFull()) {
      throw new IllegalStateException("bundle is full (" + capacity() + " rows)");
    }
    int row = size++;
    sensorStates[row] = sensorState;
    windowStarts[row] = windowStart;
    actuals[row] = actual;
    imputed[row] = isImputed;
    return row;
  }

  /** Forgets all rows (and the references to the sensors' states). */
  public void clear() {
    Arrays.fill(sensorStates, 0, size, null);
    size = 0;
  }

  public int size() {
    return size;
  }

  public int capacity() {
    return sensorStates.length;
  }

  public boolean isFull() {
    return size == sensorStates.length;
  }

  public int horizon() {
    return horizon;
  }

  /**
   * The state array of the sensor in {@code row}, updated in place by the forecaster, or after
   * {@link SensorForecaster#advance} the shorter array that replaced it when the sensor's level
   * novelty's warm-up ended.
   */
  public float[] sensorState(int row) {
    return sensorStates[row];
  }

  public boolean isImputed(int row) {
    return imputed[row];
  }

  /** The value the model was fed for the row: the actual, or for an imputed row its stand-in. */
  public float actual(int row) {
    return actuals[row];
  }

  /** Forecast for window start + (k + 1) windows, in the sensor's units. */
  public float forecast(int row, int k) {
    return forecasts[row * horizon + k];
  }

  public float lower(int row, int k) {
    return lower[row * horizon + k];
  }

  public float upper(int row, int k) {
    return upper[row * horizon + k];
  }

  /** Actual minus the forecast made for this window; NaN when there was none or it was imputed. */
  public float residual(int row) {
    return residuals[row];
  }

  /** Anomaly score of the window; NaN while the sensor warms up, or when there is no residual. */
  public float score(int row) {
    return scores[row];
  }
}
