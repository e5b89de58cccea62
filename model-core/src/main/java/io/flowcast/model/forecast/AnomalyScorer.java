package io.flowcast.model.forecast;

/**
 * Calibrated anomaly scores and prediction intervals from a sensor's past one-step residuals
 * (actual - forecast, in the sensor's normalised units), kept in {@link #SIZE} floats of keyed
 * state:
 *
 * <pre>
 *   state[offset]     n     residuals seen (saturates; used for warm-up)
 *   state[offset + 1] m2    exponentially weighted mean of the squared residual, weight max(alpha, 1/n)
 *   state[offset + 2] log q log of the interval's calibration factor
 * </pre>
 *
 * With {@code rms = max(floor, sqrt(m2))} and {@code c = erf(intervalZ / sqrt 2)} the nominal
 * coverage (0.95 for z 1.96):
 *
 * <pre>
 *   interval = forecast -/+ intervalZ * q * rms
 *   u        = |residual| / (q * rms)                 (the residual in calibrated standard deviations)
 *   score    = 1 - P(|N(0,1)| > u)  in [0, 1]          ({@link Gaussian#twoSidedTail})
 *   log q   += {@value #ADAPTATION_RATE} * (missed - (1 - c))   (adaptive conformal calibration)
 * </pre>
 *
 * where {@code missed} is 1 when the actual fell outside its interval. The last line is adaptive
 * conformal inference (Gibbs and Candès, NeurIPS 2021) on the interval's scale: q grows after a
 * miss and shrinks after a hit, so that over any long stretch the share of actuals outside the
 * interval tends to {@code 1 - c} whatever the residuals' true distribution, per sensor.
 *
 * <p>A score is therefore the central coverage of the smallest calibrated interval that just
 * misses the actual: a score at or above c is exactly an actual outside the nominal interval,
 * which happens to about {@code 1 - c} of ordinary windows; a score of 0.99 is an actual outside
 * the calibrated 99% interval, which about 1 ordinary window in 100 reaches if the residuals are
 * near normal in their tails (heavier tails reach it more often). Scores of different sensors are
 * comparable.
 *
 * <p>The score is computed against the state <em>before</em> the new residual is folded in, so an
 * anomaly cannot mask itself. Until {@code warmUp} residuals have been seen there is no score and
 * the calibration factor stays 1.
 */
public final class AnomalyScorer {
  /** Floats per sensor. */
  public static final int SIZE = 3;
  /** Step of log q per window: its long-run coverage error falls as 1 / (rate * windows). */
  public static final double ADAPTATION_RATE = 0.05;
  /** log q stays within +-this (q within about [0.007, 148]). */
  private static final float MAX_LOG_FACTOR = 5f;
  private static final float MAX_COUNT = 1e9f;

  private final float alpha;
  private final int warmUp;
  private final float intervalZ;
  private final float missTarget;
  private final float minStandardDeviation;

  /**
   * @param alpha weight of each new residual in the statistics, (0, 1]
   * @param warmUp residuals to see before scoring, >= 2
   * @param intervalZ half-width of the prediction interval in calibrated standard deviations, > 0
   *     (1.96 for a nominal 95%)
   * @param minStandardDeviation floor of the residual spread, > 0, in the residuals' units
   */
  public AnomalyScorer(double alpha, int warmUp, double intervalZ, double minStandardDeviation) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    if (warmUp < 2) {
      throw new IllegalArgumentException("warmUp must be >= 2, got " + warmUp);
    }
    if (!(intervalZ > 0) || !(minStandardDeviation > 0)) {
      throw new IllegalArgumentException(
          "intervalZ and minStandardDeviation must be > 0, got " + intervalZ + ", " + minStandardDeviation);
    }
    this.alpha = (float) alpha;
    this.warmUp = warmUp;
    this.intervalZ = (float) intervalZ;
    this.missTarget = (float) Gaussian.twoSidedTail(intervalZ);
    this.minStandardDeviation = (float) minStandardDeviation;
  }

  /** The nominal coverage of the interval, {@code erf(intervalZ / sqrt 2)}. */
  public double nominalCoverage() {
    return 1 - missTarget;
  }

  /**
   * Scores {@code actual} against {@code forecast}, then recalibrates the interval and records the
   * residual.
   *
   * @return the score in [0, 1], or NaN while warming up
   */
  public float scoreAndRecord(float[] state, int offset, float forecast, float actual) {
    float residual = actual - forecast;
    float score = Float.NaN;
    if (state[offset] >= warmUp) {
      float spread = calibratedSpread(state, offset);
      double u = Math.abs(residual) / spread;
      score = (float) (1 - Gaussian.twoSidedTail(u));
      float missed = u > intervalZ ? 1f : 0f;
      float logFactor = state[offset + 2] + (float) ADAPTATION_RATE * (missed - missTarget);
      state[offset + 2] = Math.max(-MAX_LOG_FACTOR, Math.min(MAX_LOG_FACTOR, logFactor));
    }
    float count = Math.min(state[offset] + 1f, MAX_COUNT);
    float weight = Math.max(alpha, 1f / count);
    state[offset + 1] += weight * (residual * residual - state[offset + 1]);
    state[offset] = count;
    return score;
  }

  /** Lower bound of the prediction interval around {@code forecast}. */
  public float lower(float[] state, int offset, float forecast) {
    return forecast - intervalZ * calibratedSpread(state, offset);
  }

  /** Upper bound of the prediction interval around {@code forecast}. */
  public float upper(float[] state, int offset, float forecast) {
    return forecast + intervalZ * calibratedSpread(state, offset);
  }

  /** q * rms: one calibrated standard deviation of the residual. */
  private float calibratedSpread(float[] state, int offset) {
    float rms = Math.max(minStandardDeviation, (float) Math.sqrt(state[offset + 1]));
    return (float) Math.exp(state[offset + 2]) * rms;
  }

  /**
   * Rewrites a residual block of layout version 1 (n, mean, variance of the residual) in place as
   * this one: the mean square is variance + mean squared, the calibration factor starts at 1.
   */
  public static void upgradeFromLayout1(float[] state, int offset) {
    float mean = state[offset + 1];
    state[offset + 1] = state[offset + 2] + mean * mean;
    state[offset + 2] = 0f;
  }
}
