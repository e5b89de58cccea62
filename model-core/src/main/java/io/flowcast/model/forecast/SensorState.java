package io.flowcast.model.forecast;

/**
 * One sensor's keyed state: the start of the last window it was advanced by, and the flat float
 * array of {@link SensorStateLayout} (recurrent state, scale, residual statistics, last
 * forecasts), and the {@link StateShape#code()} of the layout it was written with ({@link
 * StateShape#UNKNOWN} for a state restored from before shapes were recorded). Serialised by the
 * job's {@code SensorStateSerializer} as raw values, never by Kryo.
 */
public final class SensorState {
  /** {@link #lastWindowStart()} of a sensor that has not been advanced yet. */
  public static final long NO_WINDOW = Long.MIN_VALUE;

  private long lastWindowStart;
  private long shape;
  private float[] values;

  /** A state of unrecorded shape ({@link StateShape#UNKNOWN}). */
  public SensorState(long lastWindowStart, float[] values) {
    this(lastWindowStart, StateShape.UNKNOWN, values);
  }

  /** A state written with the layout of {@code shape}, a {@link StateShape#code()}. */
  public SensorState(long lastWindowStart, long shape, float[] values) {
    this.lastWindowStart = lastWindowStart;
    this.shape = shape;
    this.values = values;
  }

  public long lastWindowStart() {
    return lastWindowStart;
  }

  public void setLastWindowStart(long windowStart) {
    this.lastWindowStart = windowStart;
  }

  /** The {@link StateShape#code()} of the layout the values are in; {@link StateShape#UNKNOWN} if not recorded. */
  public long shape() {
    return shape;
  }

  /** Records that the values are in the layout of {@code shape}. */
  public void setShape(long shape) {
    this.shape = shape;
  }

  /** The layout's floats, updated in place by the forecaster. */
  public float[] values() {
    return values;
  }

  /** Replaces the floats: with the shorter array a sensor gets when its level novelty's warm-up ends. */
  public void setValues(float[] values) {
    this.values = values;
  }
}
