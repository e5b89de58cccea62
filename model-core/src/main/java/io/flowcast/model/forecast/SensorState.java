package io.flowcast.model.forecast;

/**
 * One sensor's keyed state: the start of the last window it was advanced by, and the flat float
 * array of {@link SensorStateLayout} (recurrent state, scale, residual statistics, last
 * forecasts). Serialised by {@link SensorStateSerializer} as raw values, never by Kryo.
 */
public final class SensorState {
  /** {@link #lastWindowStart()} of a sensor that has not been advanced yet. */
  public static final long NO_WINDOW = Long.MIN_VALUE;

  private long lastWindowStart;
  private final float[] values;

  public SensorState(long lastWindowStart, float[] values) {
    this.lastWindowStart = lastWindowStart;
    this.values = values;
  }

  public long lastWindowStart() {
    return lastWindowStart;
  }

  public void setLastWindowStart(long windowStart) {
    this.lastWindowStart = windowStart;
  }

  /** The layout's floats, updated in place by the forecaster. */
  public float[] values() {
    return values;
  }
}
