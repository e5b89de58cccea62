package io.flowcast.model.forecast;

import java.util.Arrays;

/**
 * Each sensor's online recalibration of the shared model's forecasts. The model is shared by every
 * sensor and changes only with fine-tuning rounds; a sensor's own regime (a shift in its level or
 * in its daily cycle, a gain the model gets wrong) is learned here, per sensor and per horizon
 * step k, in a few floats of its keyed state:
 *
 * <pre>
 *   d_k  = forecast_k - z_t               the model's forecast change, normalised ({@link WindowEncoding})
 *   d'_k = a_k d_k + b_k                  the sensor's recalibrated forecast change
 * </pre>
 *
 * {@code (a_k, b_k)} is fitted by recursive least squares with forgetting factor {@code lambda}
 * (memory about {@code 1 / (1 - lambda)} windows) to the sensor's own forecasts: the forecast made
 * at window o for k + 1 windows ahead is learned from when that window's actual arrives, as
 * {@code (x_{o+k+1} - x_o) / scale_o} (clipped like the model's targets), so nothing is learned
 * before it could have been observed. It starts at {@code a = 1, b = 0} (the model as it is) with
 * covariance {@value #INITIAL_COVARIANCE} I; the covariance's trace is held below {@value
 * #MAX_TRACE} so that a sensor whose forecasts stop varying cannot wind it up. Imputed windows are
 * not learned from.
 *
 * <p><b>Robust to outliers</b> (the recursive least M-estimate with Huber's weights): each step
 * keeps the mean absolute value of its errors {@code e} (a plain mean over its first {@code 1 / (1
 * - lambda)} errors, then with the fit's memory), and once it has seen {@value #MIN_ERRORS} an
 * error larger than {@value #HUBER} times a positive mean counts in the fit with weight {@code
 * HUBER mean / |e|} (the update of weighted least squares, its gain {@code P f / (lambda / w + f' P f)}
 * for features {@code f = (d, 1)}), so a spike or a jump pulls the gain and offset by a bounded
 * amount instead of by its square. {@value #HUBER} is Huber's 1.345 standard deviations (95%
 * efficiency when the errors are normal, whose standard deviation is {@code sqrt(pi / 2)} times
 * their mean absolute value). The mean follows every error unweighted, so a lasting change of regime
 * raises it and is learned at full weight again within the memory (slowly after a long stretch of
 * near-exact forecasts, whose small mean makes every error at first an outlier). On spiky and
 * piecewise-constant series the fit then follows the bulk of the windows, not their jumps.
 *
 * <p>Block of {@link #size(int)} floats, horizon H:
 *
 * <pre>
 *   [0]                       ring slot of the next origin (0 .. H-1)
 *   [1]                       origins kept (0 .. H)
 *   [2 + 5k, 2 + 5k+5)        a_k, b_k, P00, P01, P11 (P symmetric)
 *   [2 + 5H + s(2+H))         origin slot s: x_o, scale_o, d_0 .. d_{H-1}
 *   [2 + 5H + H(2+H) + 2k]    errors step k has learned from (saturating at 2^24), then their mean
 *                             absolute value (state layout version 5 on; 0, 0 for a state upgraded
 *                             from an earlier one)
 * </pre>
 */
public final class ForecastCorrection {
  /** Initial covariance of (a, b): a prior as strong as a few windows. */
  public static final float INITIAL_COVARIANCE = 10f;
  /** Bound of the covariance's trace. */
  public static final float MAX_TRACE = 1e4f;
  /** Errors larger than this many times their mean absolute value are down-weighted: 1.345 sqrt(pi / 2). */
  public static final float HUBER = (float) (1.345 * Math.sqrt(Math.PI / 2));
  /** Errors a step learns from at full weight before it has a mean to judge an error by. */
  public static final int MIN_ERRORS = 10;
  private static final float MAX_COUNT = 1 << 24;

  private final int horizon;
  private final float lambda;

  /**
   * @param forgetting the forgetting factor lambda, in (0, 1]
   */
  public ForecastCorrection(int horizon, double forgetting) {
    if (!(forgetting > 0 && forgetting <= 1)) {
      throw new IllegalArgumentException("the correction's forgetting factor must be in (0, 1], got " + forgetting);
    }
    this.horizon = horizon;
    this.lambda = (float) forgetting;
  }

  /** Floats per sensor for {@code horizon} steps. */
  public static int size(int horizon) {
    return errorsOffset(horizon) + 2 * horizon;
  }

  /**
   * Floats of the block for {@code horizon} steps in state layout versions before 5, which lack the
   * errors' means at its end.
   */
  public static int sizeBeforeErrorMeans(int horizon) {
    return errorsOffset(horizon);
  }

  private static int errorsOffset(int horizon) {
    return 2 + 5 * horizon + horizon * (2 + horizon);
  }

  /** Writes a fresh block: the model as it is, no origins. */
  public void reset(float[] state, int offset) {
    Arrays.fill(state, offset, offset + size(horizon), 0f);
    for (int k = 0; k < horizon; k++) {
      int w = offset + 2 + 5 * k;
      state[w] = 1f;
      state[w + 2] = INITIAL_COVARIANCE;
      state[w + 4] = INITIAL_COVARIANCE;
    }
  }

  /** Forgets the kept origins (a reset of the sensor's recurrent state), keeping what was learned. */
  public void forgetOrigins(float[] state, int offset) {
    state[offset] = 0f;
    state[offset + 1] = 0f;
  }

  /** Learns from the actual {@code value} of the window just arrived, for every kept origin it completes. */
  public void learn(float[] state, int offset, float value) {
    int next = (int) state[offset];
    int kept = (int) state[offset + 1];
    for (int k = 0; k < Math.min(kept, horizon); k++) {
      int origin = originAt(offset, Math.floorMod(next - 1 - k, horizon));
      float scale = state[origin + 1];
      float target = WindowEncoding.normalize(value - state[origin] , 0f, scale);
      update(state, offset + 2 + 5 * k, offset + errorsOffset(horizon) + 2 * k, state[origin + 2 + k], target);
    }
  }

  /** The recalibrated forecast change of step k for the model's {@code change}. */
  public float correct(float[] state, int offset, int k, float change) {
    int w = offset + 2 + 5 * k;
    float corrected = state[w] * change + state[w + 1];
    return Math.max(-2 * WindowEncoding.MAX_Z, Math.min(2 * WindowEncoding.MAX_Z, corrected));
  }

  /**
   * Keeps the window just stepped as an origin: its value, scale and the model's forecast changes
   * {@code changes[from .. from + H)}.
   */
  public void remember(float[] state, int offset, float value, float scale, float[] changes, int from) {
    int next = (int) state[offset];
    int origin = originAt(offset, next);
    state[origin] = value;
    state[origin + 1] = scale;
    System.arraycopy(changes, from, state, origin + 2, horizon);
    state[offset] = (next + 1) % horizon;
    state[offset + 1] = Math.min(horizon, state[offset + 1] + 1);
  }

  /**
   * The weight of an error of {@code size}, in (0, 1]: 1 until the step has seen {@value #MIN_ERRORS}
   * errors, or while all of them were exact (a mean of 0 judges nothing); counts it in the mean kept
   * at {@code errors}.
   */
  private float huberWeight(float[] state, int errors, float size) {
    float seen = state[errors];
    float mean = state[errors + 1];
    float weight = seen < MIN_ERRORS || mean == 0f || size <= HUBER * mean ? 1f : HUBER * mean / size;
    state[errors] = Math.min(seen + 1, MAX_COUNT);
    state[errors + 1] = mean + Math.max(1 - lambda, 1 / (seen + 1)) * (size - mean);
    return weight;
  }

  private int originAt(int offset, int slot) {
    return offset + 2 + 5 * horizon + slot * (2 + horizon);
  }

  /**
   * One recursive-least-squares step of (a, b) at {@code w} for features (d, 1) and target y, the
   * error weighted by Huber's rule against the errors' mean absolute value kept at {@code errors}.
   */
  private void update(float[] state, int w, int errors, float d, float y) {
    float p00 = state[w + 2];
    float p01 = state[w + 3];
    float p11 = state[w + 4];
    float pf0 = p00 * d + p01;
    float pf1 = p01 * d + p11;
    float error = y - (state[w] * d + state[w + 1]);
    float denominator = lambda / huberWeight(state, errors, Math.abs(error)) + d * pf0 + pf1;
    float g0 = pf0 / denominator;
    float g1 = pf1 / denominator;
    state[w] += g0 * error;
    state[w + 1] += g1 * error;
    p00 = (p00 - g0 * pf0) / lambda;
    p01 = (p01 - g0 * pf1) / lambda;
    p11 = (p11 - g1 * pf1) / lambda;
    float trace = p00 + p11;
    if (trace > MAX_TRACE) {
      float shrink = MAX_TRACE / trace;
      p00 *= shrink;
      p01 *= shrink;
      p11 *= shrink;
    }
    state[w + 2] = p00;
    state[w + 3] = p01;
    state[w + 4] = p11;
  }
}
