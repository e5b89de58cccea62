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
 * Update of the n-th value (n = 1, 2, ...) with weight {@code w = max(alpha, 1/n)} (West's
 * incremental form of the weighted variance):
 *
 * <pre>
 *   d = x - mean;  mean += w d;  variance = (1 - w) (variance + w d^2)
 * </pre>
 *
 * The first value therefore sets mean = x and variance = 0, and the first 1/alpha values are an
 * exact running mean and (population) variance, so a young stream is not dominated by its first
 * value; after that the statistics forget with weight alpha.
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
    float count = Math.min(state[offset] + 1f, MAX_COUNT);
    float weight = Math.max(alpha, 1f / count);
    float delta = value - state[offset + 1];
    state[offset + 1] += weight * delta;
    state[offset + 2] = (1f - weight) * (state[offset + 2] + weight * delta * delta);
    state[offset] = count;
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
