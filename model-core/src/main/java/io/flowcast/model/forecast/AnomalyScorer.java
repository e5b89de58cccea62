package io.flowcast.model.forecast;

/**
 * Scores how surprising a window's actual value was against the forecast made for it, and turns
 * forecasts into prediction intervals, from exponentially weighted statistics of the sensor's past
 * residuals (actual - forecast), held in {@link ExponentialStats#SIZE} floats of keyed state.
 *
 * <pre>
 *   score    = |residual - mean_r| / sd_r            (a z-score of the new residual)
 *   interval = forecast -/+ z * sqrt(sd_r^2 + mean_r^2)   (z from the configured coverage)
 * </pre>
 *
 * The interval is centred on the point forecast, so it always contains it; its half-width uses the
 * residuals' root mean square, so a biased model gets a wider interval rather than one that is
 * shifted away from its own forecast.
 *
 * The score is computed against the statistics <em>before</em> the new residual is folded in, so
 * an anomaly cannot mask itself. Until {@code warmUp} residuals have been seen there is no score.
 */
public final class AnomalyScorer {
  private final ExponentialStats residuals;
  private final int warmUp;
  private final float intervalZ;
  private final float minStandardDeviation;

  /**
   * @param alpha weight of each new residual in the statistics, (0, 1]
   * @param warmUp residuals to see before scoring, >= 2
   * @param intervalZ half-width of the prediction interval in standard deviations, > 0 (1.96 for
   *     about 95% under a normal residual)
   * @param minStandardDeviation floor of the residual spread, > 0, in the residuals' units
   */
  public AnomalyScorer(double alpha, int warmUp, double intervalZ, double minStandardDeviation) {
    if (warmUp < 2) {
      throw new IllegalArgumentException("warmUp must be >= 2, got " + warmUp);
    }
    if (!(intervalZ > 0) || !(minStandardDeviation > 0)) {
      throw new IllegalArgumentException(
          "intervalZ and minStandardDeviation must be > 0, got " + intervalZ + ", " + minStandardDeviation);
    }
    this.residuals = new ExponentialStats(alpha);
    this.warmUp = warmUp;
    this.intervalZ = (float) intervalZ;
    this.minStandardDeviation = (float) minStandardDeviation;
  }

  /**
   * Scores {@code actual} against {@code forecast} and then records the residual.
   *
   * @return the score, or NaN while warming up
   */
  public float scoreAndRecord(float[] state, int offset, float forecast, float actual) {
    float residual = actual - forecast;
    float score = Float.NaN;
    if (ExponentialStats.count(state, offset) >= warmUp) {
      float spread = ExponentialStats.standardDeviation(state, offset, minStandardDeviation);
      score = Math.abs(residual - ExponentialStats.mean(state, offset)) / spread;
    }
    residuals.update(state, offset, residual);
    return score;
  }

  /** Lower bound of the prediction interval around {@code forecast}. */
  public float lower(float[] state, int offset, float forecast) {
    return forecast - halfWidth(state, offset);
  }

  /** Upper bound of the prediction interval around {@code forecast}. */
  public float upper(float[] state, int offset, float forecast) {
    return forecast + halfWidth(state, offset);
  }

  private float halfWidth(float[] state, int offset) {
    float spread = ExponentialStats.standardDeviation(state, offset, minStandardDeviation);
    float bias = ExponentialStats.mean(state, offset);
    return intervalZ * (float) Math.sqrt(spread * spread + bias * bias);
  }
}
