package io.flowcast.model.forecast;

import java.util.Arrays;

/**
 * Calibrated anomaly scores and prediction intervals from a sensor's past one-step residuals
 * (actual - forecast, in the sensor's normalised units), kept in {@link #SIZE} floats of keyed
 * state:
 *
 * <pre>
 *   state[offset]          n      residuals seen (saturates; used for warm-up)
 *   state[offset + 1]      m2     exponentially weighted mean of the squared residual, weight max(alpha, 1/n)
 *   state[offset + 2]      log q  log of the calibration factor
 *   state[offset + 3]      1 + the season phase of the last window stepped (0: none yet)
 *   state[offset + 4]      the season phase between the last two windows stepped
 *   state[offset + 5 + 2b] m2_b   mean squared residual of the windows in season bucket b ({@value #SEASON_BUCKETS}
 *                                 buckets over the season period), weight max({@value #SEASON_ALPHA}, 1/n_b)
 *   state[offset + 6 + 2b] n_b    residuals seen in bucket b
 *   state[offset + 53 + b] the highest raw score of bucket b's windows in the last season period
 *   state[offset + 77]     1 + the season bucket of the last window scored (0: none yet)
 * </pre>
 *
 * A window in season bucket b (its phase as {@link WindowEncoding} feeds it to the model) has the
 * residual spread, the nominal coverage {@code c = erf(intervalZ / sqrt 2)} (0.95 for z 1.96):
 *
 * <pre>
 *   w_b      = n_b / (n_b + {@value #SEASON_EVIDENCE})               (a young bucket leans on the sensor's m2)
 *   spread   = q * max(floor, sqrt((1 - w_b) m2 + w_b m2_b))
 *   interval = forecast -/+ intervalZ * spread
 *   u        = |residual| / spread                       (the residual in calibrated standard deviations)
 *   p        = P(|N(0,1)| > u)                            ({@link Gaussian#twoSidedTail})
 *   score    = min(1, log10(1 / p) / {@value #DECADES})   in [0, 1]
 *   log q   += {@value #ADAPTATION_RATE} * (missed - (1 - c))   (adaptive conformal calibration)
 * </pre>
 *
 * <p><b>Repeats.</b> A raw score no higher than the sensor's highest within the last season period
 * (the season buckets' maxima) is reported times {@code repeatDamping}: the first of a burst of
 * surprises, or a surprise larger than any of the last day's, is news; its repeats are not, and
 * would flood the anomalies topic (and count as false alarms each). 1 reports every raw score and keeps no maxima.
 *
 * <p>The season bucket lets a sensor whose residuals are larger at some hours of the day (a daily
 * jump, a nightly batch job) be surprised by the same residual less then than at a quiet hour. The
 * last line is adaptive conformal inference (Gibbs and Candès, NeurIPS 2021) on the spread:
 * {@code missed} is 1 when the actual fell outside its interval, so q grows after a miss and
 * shrinks after a hit, and over any long stretch the share of actuals outside the interval tends
 * to {@code 1 - c} per sensor, whatever the residuals' distribution.
 *
 * <p><b>What a score means.</b> A score s says that the actual lay where only a share
 * {@code p = 10^(-20 s)} of ordinary windows would, under the sensor's calibrated residual
 * distribution (normal tails assumed beyond the calibrated 95% point): 0.065 is the edge of the
 * calibrated 95% interval (p = 0.05), 0.1 is p = 0.01, 0.25 is p = 1e-5 (the default threshold:
 * about one ordinary window in 100,000 reaches it), 0.5 is p = 1e-10, and 0.99 is p = 10^-19.8,
 * a residual of about 9.2 calibrated standard deviations, which ordinary behaviour never reaches.
 * The logarithm keeps extreme residuals apart (a tail probability itself would round every one of
 * them to 1 in a float). Scores of different sensors are comparable.
 *
 * <p>The score is computed against the state <em>before</em> the new residual is folded in, so an
 * anomaly cannot mask itself. Until {@code warmUp} residuals have been seen there is no score and
 * the calibration factor stays 1.
 */
public final class AnomalyScorer {
  /** Season buckets of the residual spread. */
  public static final int SEASON_BUCKETS = 24;
  /** Floats per sensor. */
  public static final int SIZE = 5 + 3 * SEASON_BUCKETS + 1;
  private static final int MAXIMA = 5 + 2 * SEASON_BUCKETS;
  private static final int LAST_BUCKET = MAXIMA + SEASON_BUCKETS;
  /** Residuals a season bucket needs to weigh as much as the sensor's overall spread. */
  public static final float SEASON_EVIDENCE = 150f;
  /** Step of log q per window: its long-run coverage error falls as 1 / (rate * windows). */
  public static final double ADAPTATION_RATE = 0.05;
  /** Decades of tail probability that span the score from 0 to 1. */
  public static final double DECADES = 20;
  /** Weight of each residual in its season bucket's mean square. */
  public static final float SEASON_ALPHA = 0.05f;
  private static final float MAX_COUNT = 1e9f;

  private final float alpha;
  private final int warmUp;
  private final float intervalZ;
  private final float missTarget;
  private final float minStandardDeviation;
  private final float repeatDamping;

  /**
   * @param alpha weight of each new residual in the statistics, (0, 1]
   * @param warmUp residuals to see before scoring, >= 2
   * @param intervalZ half-width of the prediction interval in calibrated standard deviations, > 0
   *     (1.96 for a nominal 95%)
   * @param minStandardDeviation floor of the residual spread, > 0, in the residuals' units
   * @param repeatDamping factor of a score that repeats one of the last season period, (0, 1]
   */
  public AnomalyScorer(double alpha, int warmUp, double intervalZ, double minStandardDeviation,
      double repeatDamping) {
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
    if (!(repeatDamping > 0 && repeatDamping <= 1)) {
      throw new IllegalArgumentException("repeatDamping must be in (0, 1], got " + repeatDamping);
    }
    this.repeatDamping = (float) repeatDamping;
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

  /** The score of a residual {@code u} calibrated standard deviations from its forecast. */
  public static float score(double u) {
    double p = Gaussian.twoSidedTail(u);
    return p <= 0 ? 1f : (float) Math.max(0, Math.min(1, -Math.log10(p) / DECADES));
  }

  /** The score at or above which an actual lies outside the interval of nominal coverage {@code coverage}. */
  public static double scoreOutside(double coverage) {
    return -Math.log10(1 - coverage) / DECADES;
  }

  /** Writes a fresh block. */
  public static void reset(float[] state, int offset) {
    Arrays.fill(state, offset, offset + SIZE, 0f);
  }

  /**
   * Records the season phase of the window being stepped (observed or imputed), for the intervals
   * of the windows after it.
   */
  public void advancePhase(float[] state, int offset, double phase) {
    if (state[offset + 3] > 0) {
      state[offset + 4] = (float) (phase - (state[offset + 3] - 1) - Math.floor(phase - (state[offset + 3] - 1)));
    }
    state[offset + 3] = (float) (1 + phase);
  }

  /**
   * Scores {@code actual} against {@code forecast} for a window of season {@code phase}, then
   * recalibrates the interval and records the residual.
   *
   * @return the score in [0, 1], or NaN while warming up
   */
  public float scoreAndRecord(float[] state, int offset, float forecast, float actual, double phase) {
    float residual = actual - forecast;
    int season = bucket(phase);
    int bucket = offset + 5 + 2 * season;
    float score = Float.NaN;
    float square = residual * residual;
    if (state[offset] >= warmUp) {
      float spread = calibratedSpread(state, offset, bucket);
      double u = Math.abs(residual) / spread;
      score = reportedScore(state, offset, season, score(u));
      float missed = u > intervalZ ? 1f : 0f;
      state[offset + 2] = ConformalFactor.next(state[offset + 2], (float) ADAPTATION_RATE, missed, missTarget);
    }
    float count = Math.min(state[offset] + 1f, MAX_COUNT);
    float weight = Math.max(alpha, 1f / count);
    state[offset + 1] += weight * (square - state[offset + 1]);
    float seen = Math.min(state[bucket + 1] + 1f, MAX_COUNT);
    state[bucket] += Math.max(SEASON_ALPHA, 1f / seen) * (square - state[bucket]);
    state[bucket + 1] = seen;
    state[offset] = count;
    return score;
  }

  /** {@code raw}, or damped if it is no higher than the sensor's highest of the last season; then remembered. */
  private float reportedScore(float[] state, int offset, int bucket, float raw) {
    if (repeatDamping == 1f) {
      return raw; // no damping: nothing to remember
    }
    int last = (int) state[offset + LAST_BUCKET] - 1;
    if (last != bucket) {
      // entering a bucket again: its maximum (and any skipped bucket's) is a season old
      int from = last < 0 ? bucket : (last + 1) % SEASON_BUCKETS;
      for (int b = from; ; b = (b + 1) % SEASON_BUCKETS) {
        state[offset + MAXIMA + b] = 0f;
        if (b == bucket) {
          break;
        }
      }
      state[offset + LAST_BUCKET] = bucket + 1;
    }
    float recent = 0f;
    for (int b = 0; b < SEASON_BUCKETS; b++) {
      recent = Math.max(recent, state[offset + MAXIMA + b]);
    }
    state[offset + MAXIMA + bucket] = Math.max(state[offset + MAXIMA + bucket], raw);
    return raw > recent ? raw : raw * repeatDamping;
  }

  /**
   * Half-width of the interval around a forecast {@code ahead + 1} windows after the last window
   * stepped (its season bucket found from the last phase step).
   */
  public float halfWidth(float[] state, int offset, int ahead) {
    double phase = state[offset + 3] > 0 ? state[offset + 3] - 1 + (ahead + 1) * (double) state[offset + 4] : 0;
    return intervalZ * calibratedSpread(state, offset, offset + 5 + 2 * bucket(phase));
  }

  /** q * the spread of bucket {@code bucketAt}: one calibrated standard deviation of its residual. */
  private float calibratedSpread(float[] state, int offset, int bucketAt) {
    float seen = state[bucketAt + 1];
    float weight = seen / (seen + SEASON_EVIDENCE);
    float square = (1 - weight) * state[offset + 1] + weight * state[bucketAt];
    float rms = Math.max(minStandardDeviation, (float) Math.sqrt(square));
    return (float) Math.exp(state[offset + 2]) * rms;
  }

  private static int bucket(double phase) {
    double inSeason = phase - Math.floor(phase);
    return Math.min(SEASON_BUCKETS - 1, (int) (inSeason * SEASON_BUCKETS));
  }

  /**
   * Writes the block of a layout version 1 residual block (n, mean, variance of the residual) into
   * {@code to} at {@code toOffset}: the mean square is variance + mean squared, the calibration
   * factor starts at 1, no season buckets yet.
   */
  public static void upgradeFromLayout1(float[] from, int fromOffset, float[] to, int toOffset) {
    reset(to, toOffset);
    float mean = from[fromOffset + 1];
    to[toOffset] = from[fromOffset];
    to[toOffset + 1] = from[fromOffset + 2] + mean * mean;
  }
}
