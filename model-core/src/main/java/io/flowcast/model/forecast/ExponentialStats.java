package io.flowcast.model.forecast;

/**
 * Exponentially weighted mean and variance of a stream, kept in three floats of a caller-owned
 * flat buffer so that a Flink operator can hold it in keyed state next to the recurrent state:
 *
 * <pre>
 *   state[offset]     n    observations seen (saturates; used for warm-up)
 *   state[offset + 1] mean
 *   state[offset + 2] variance
 * </pre>
 *
 * Update with weight {@code alpha} (West's incremental form of the EW variance):
 *
 * <pre>
 *   first value: mean = x, variance = 0
 *   then:        d = x - mean;  mean += alpha d;  variance = (1 - alpha) (variance + alpha d^2)
 * </pre>
 *
 * An all-zero block is the empty state. Non-finite values are rejected, never folded in.
 */
public final class ExponentialStats {
  /** Floats per stream. */
  public static final int SIZE = 3;

  private static final float MAX_COUNT = 1e9f;

  private final float alpha;

  /**
   * @param alpha weight of each new value, in (0, 1]; the effective memory is about 1/alpha values
   */
  public ExponentialStats(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    this.alpha = (float) alpha;
  }

  /**
   * Folds {@code value} into the stream's statistics.
   *
   * @throws IllegalArgumentException if {@code value} is NaN or infinite (the state is unchanged)
   */
  public void update(float[] state, int offset, float value) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("non-finite value " + value);
    }
    float count = state[offset];
    if (count == 0f) {
      state[offset + 1] = value;
      state[offset + 2] = 0f;
    } else {
      float delta = value - state[offset + 1];
      state[offset + 1] += alpha * delta;
      state[offset + 2] = (1f - alpha) * (state[offset + 2] + alpha * delta * delta);
    }
    state[offset] = Math.min(count + 1f, MAX_COUNT);
  }

  /** Observations seen so far (saturating at 1e9). */
  public static long count(float[] state, int offset) {
    return (long) state[offset];
  }

  public static float mean(float[] state, int offset) {
    return state[offset + 1];
  }

  /** Standard deviation, never below {@code floor} (so that a constant stream still scales). */
  public static float standardDeviation(float[] state, int offset, float floor) {
    return Math.max(floor, (float) Math.sqrt(state[offset + 2]));
  }
}
