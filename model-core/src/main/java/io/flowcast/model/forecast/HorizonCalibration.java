package io.flowcast.model.forecast;

import java.util.Arrays;

/**
 * Each sensor's online calibration of how its prediction intervals widen further ahead. The
 * one-step interval is calibrated by the {@link AnomalyScorer} (its factor q); the interval k
 * windows ahead is that one-step half-width {@code b_k} (the calibrated spread of the target
 * window's season bucket) times two factors learned here from the sensor's own k-step errors:
 *
 * <pre>
 *   u_k    = (actual - forecast_k) / b_k              an error in one-step half-widths
 *   m_k    = mean of u_k^2, weight max({@value #ALPHA}, 1 / n_k), over the n_k errors of step k learned from
 *   F_k^2  = ((k + 1) P + n_k m_k / m_0) / (P + n_k)  P = {@value #PRIOR}: a random walk's sqrt(k + 1) until evidence comes
 *   log A_k += rate sqrt(k + 1.5) (missed - (1 - c))  adaptive conformal inference on the interval as reported
 *   interval_k = forecast_k -/+ b_k F_k A_k
 * </pre>
 *
 * {@code F_k}, the ratio of the k-step errors' root mean square to the one-step errors', gets the
 * scale right within a few errors: 1 for a series whose errors do not grow with the lead (noise
 * around a level the model knows), {@code sqrt(k + 1)} for a random walk. It is not enough on its
 * own: errors summed over several steps have lighter tails than one step's, and the mean squares
 * remember the worse errors of a model that has since improved, so on real series F_k alone
 * covered 98-99% several steps ahead. {@code A_k} corrects that towards the nominal coverage c,
 * as the scorer's q does for one step (Gibbs and Candès, NeurIPS 2021); its rate grows with
 * {@code sqrt(k + 1.5)} because step k learns from fewer windows (below).
 *
 * <p>Keeping every origin's forecasts would take H(H+1)/2 of them per sensor; instead each step
 * keeps one interval at a time (in the sensor's units), waits for its window, learns, and keeps the
 * next origin's, or for k >= 1 the one after that on every other turn, so that the origins it
 * learns from drift through every phase of a season rather than always falling on the same hour.
 * Step k thus learns from about one window in {@code k + 1.5}. An interval whose window is imputed
 * is not learned from.
 *
 * <p>Block of {@link #size(int)} floats (none for horizon 1), for steps k = 0 .. H-1 at {@code 8k}:
 *
 * <pre>
 *   [0]  m_k
 *   [1]  n_k (saturates)
 *   [2]  windows until the kept interval's window arrives (> 0), 0 to keep the next origin's,
 *        -1 to skip one origin first
 *   [3]  the kept forecast, in the sensor's units
 *   [4]  its b_k, in the sensor's units
 *   [5]  1 when the next turn skips an origin, else 0
 *   [6]  log A_k (unused for step 0)
 *   [7]  the kept interval's half-width as reported, in the sensor's units
 * </pre>
 *
 * All zeros is a fresh block: no evidence, nothing kept.
 */
public final class HorizonCalibration {
  /** Weight of each error in m_k once n_k exceeds its inverse: a memory of about 500 errors. */
  public static final float ALPHA = 0.002f;
  /** Errors of evidence the random-walk prior weighs as. */
  public static final float PRIOR = 10f;
  private static final int FLOATS_PER_STEP = 8;
  private static final float MAX_COUNT = 1e9f;
  /** An error further than this many one-step half-widths counts as this far (one outlier cannot blow F_k up). */
  private static final float MAX_ERROR = 100f;

  private final int horizon;
  private final float missTarget;
  private final float rate;

  /**
   * @param horizon windows forecast per sensor, >= 1 (with 1 there is nothing to calibrate)
   * @param nominalCoverage the intervals' nominal coverage c, in (0, 1)
   * @param rate step of log A_k per interval learned from, > 0
   */
  public HorizonCalibration(int horizon, double nominalCoverage, double rate) {
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
    }
    if (!(nominalCoverage > 0 && nominalCoverage < 1) || !(rate > 0)) {
      throw new IllegalArgumentException(
          "nominal coverage must be in (0, 1) and the rate > 0, got " + nominalCoverage + ", " + rate);
    }
    this.horizon = horizon;
    this.missTarget = (float) (1 - nominalCoverage);
    this.rate = (float) rate;
  }

  /** Floats per sensor for {@code horizon} steps: none for horizon 1, else 8 per step. */
  public static int size(int horizon) {
    return horizon == 1 ? 0 : FLOATS_PER_STEP * horizon;
  }

  /** Writes a fresh block: no evidence, nothing kept. */
  public static void reset(float[] state, int offset, int horizon) {
    Arrays.fill(state, offset, offset + size(horizon), 0f);
  }

  /** Drops the kept forecasts (the sensor's forecasts were forgotten) and keeps what was learned. */
  public void forgetForecasts(float[] state, int offset) {
    if (horizon == 1) {
      return;
    }
    for (int k = 0; k < horizon; k++) {
      state[at(offset, k) + 2] = 0f;
    }
  }

  /**
   * A window has arrived: every step whose kept forecast is for this window learns from
   * {@code actual} (NaN for a window not to learn from: imputed, or during the sensor's warm-up).
   */
  public void arrive(float[] state, int offset, float actual) {
    if (horizon == 1) {
      return;
    }
    for (int k = 0; k < horizon; k++) {
      int w = at(offset, k);
      if (state[w + 2] <= 0) {
        continue;
      }
      state[w + 2] -= 1f;
      if (state[w + 2] > 0) {
        continue;
      }
      if (!Float.isNaN(actual) && state[w + 4] > 0) {
        float error = Math.abs(actual - state[w + 3]);
        float u = Math.min(MAX_ERROR, error / state[w + 4]);
        float count = Math.min(state[w + 1] + 1f, MAX_COUNT);
        state[w] += Math.max(ALPHA, 1f / count) * (u * u - state[w]);
        state[w + 1] = count;
        float missed = error > state[w + 7] ? 1f : 0f;
        state[w + 6] = ConformalFactor.next(state[w + 6], rate * (float) Math.sqrt(k + 1.5), missed, missTarget);
      }
      if (k > 0) {
        state[w + 2] = state[w + 5] == 1f ? -1f : 0f;
        state[w + 5] = 1f - state[w + 5];
      }
    }
  }

  /** The factor F_k of step k (1 for step 0, whose interval the scorer calibrates). */
  public float factor(float[] state, int offset, int k) {
    if (k == 0) {
      return 1f;
    }
    int w = at(offset, k);
    float oneStep = state[at(offset, 0)];
    float evidence = oneStep > 0 ? state[w + 1] : 0f;
    float ratio = evidence == 0 ? 0f : state[w] / oneStep;
    return (float) (Math.sqrt(((k + 1) * PRIOR + evidence * ratio) / (PRIOR + evidence)) * Math.exp(state[w + 6]));
  }

  /**
   * The window just stepped is an origin: step k keeps its {@code forecast}, one-step half-width
   * {@code oneStepHalfWidth} and reported half-width {@code halfWidth} (all in the sensor's units)
   * if it is waiting for one, or counts down the origin it skips.
   */
  public void offer(float[] state, int offset, int k, float forecast, float oneStepHalfWidth, float halfWidth) {
    if (horizon == 1) {
      return;
    }
    int w = at(offset, k);
    if (state[w + 2] < 0) {
      state[w + 2] += 1f;
    } else if (state[w + 2] == 0) {
      state[w + 2] = k + 1;
      state[w + 3] = forecast;
      state[w + 4] = oneStepHalfWidth;
      state[w + 7] = halfWidth;
    }
  }

  private static int at(int offset, int k) {
    return offset + FLOATS_PER_STEP * k;
  }
}
