package io.flowcast.model.train;

import java.util.Random;

/**
 * Inverted dropout on the inputs of layers k &gt;= 1, as in {@code nn.LSTM(dropout=p)}: in training
 * each element is kept with probability {@code 1 - p} and scaled by {@code 1 / (1 - p)}, with a fresh
 * mask per layer and time step drawn from a seeded {@link Random} (reproducible). At evaluation use
 * {@link #DISABLED} (identity).
 */
public final class Dropout {
  /** No dropout: evaluation, or training without it. */
  public static final Dropout DISABLED = new Dropout(0, new Random(0));

  private final double rate;
  private final Random random;

  /**
   * @param rate drop probability p in [0, 1)
   * @param random source of the masks (not shared with other users for reproducibility)
   */
  public Dropout(double rate, Random random) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
    }
    this.rate = rate;
    this.random = random;
  }

  /** A mask of {@code size} values, each 0 or {@code 1/(1-p)}; null when disabled (p = 0). */
  double[] mask(int size) {
    if (rate == 0) {
      return null;
    }
    double kept = 1 / (1 - rate);
    double[] mask = new double[size];
    for (int i = 0; i < size; i++) {
      mask[i] = random.nextDouble() < rate ? 0 : kept;
    }
    return mask;
  }

  /** {@code values * mask} element-wise, a new array; {@code values} itself when mask is null. */
  static double[] apply(double[] values, double[] mask) {
    if (mask == null) {
      return values;
    }
    double[] out = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] * mask[i];
    }
    return out;
  }
}
