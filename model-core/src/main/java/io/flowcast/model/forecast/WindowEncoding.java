package io.flowcast.model.forecast;

/**
 * What the model sees of a closed window and what its head means, in one place for the streaming
 * forecaster and the trainer.
 *
 * <p>Model input, {@link #INPUT_SIZE} values per window:
 *
 * <pre>
 *   [ z, sin(2 pi phase), cos(2 pi phase) ]
 *   z     = (window mean - sensor mean) / sensor scale, clipped to +-{@link #MAX_Z}
 *   phase = (window start mod season period) / season period
 * </pre>
 *
 * The sensor's mean and scale are its running {@link ExponentialStats} <em>after</em> the window's
 * value is folded in; the scale never falls below {@code minScale * max(1, |mean|)}. Once the
 * sensor is past its warm-up ({@code warmUpWindows} windows), a window more than {@link #MAX_Z}
 * scales from the mean is folded in as if it were {@link #MAX_Z} scales away: one wild window (a
 * 1e15 spike on a sensor near 20) moves the statistics no further than the model can see, instead
 * of inflating the scale for thousands of windows, while a real level shift still pulls the mean
 * and widens the scale window by window (each clipped window raises the variance by up to
 * {@code alpha * MAX_Z^2} of itself). Head output
 * k (k = 0 .. horizon-1) is the z of window t+1+k under the same statistics, so a forecast in the
 * sensor's own units is {@code mean + scale * output_k}.
 */
public final class WindowEncoding {
  /** Inputs per window. */
  public static final int INPUT_SIZE = 3;
  /** Normalised values are clipped to this magnitude so that one wild window cannot blow up h. */
  public static final float MAX_Z = 10f;

  private final ExponentialStats normalization;
  private final double seasonPeriodMillis;
  private final float minScale;
  private final int warmUpWindows;

  public WindowEncoding(ForecastSettings settings) {
    this.normalization = new ExponentialStats(settings.normalizationAlpha());
    this.seasonPeriodMillis = settings.seasonPeriodMillis();
    this.minScale = (float) settings.minScale();
    this.warmUpWindows = settings.warmUpWindows();
  }

  /**
   * Folds a window's value into the sensor's running statistics at {@code offset}, clipped to
   * {@link #MAX_Z} scales from the mean once the sensor is past its warm-up.
   *
   * @throws IllegalArgumentException if {@code value} is not finite (never clipped into range)
   */
  public void observe(float[] stats, int offset, float value) {
    normalization.update(stats, offset, clippedForStatistics(stats, offset, value));
  }

  private float clippedForStatistics(float[] stats, int offset, float value) {
    if (ExponentialStats.count(stats, offset) < warmUpWindows) {
      return value;
    }
    float mean = mean(stats, offset);
    float limit = MAX_Z * scale(stats, offset);
    if (!Float.isFinite(value) || Math.abs(value - mean) <= limit) {
      return value; // a non-finite value is left for ExponentialStats to refuse
    }
    return value > mean ? mean + limit : mean - limit;
  }

  /** The sensor's mean. */
  public static float mean(float[] stats, int offset) {
    return ExponentialStats.mean(stats, offset);
  }

  /** The sensor's scale (running standard deviation with its floor). */
  public float scale(float[] stats, int offset) {
    float mean = ExponentialStats.mean(stats, offset);
    return ExponentialStats.standardDeviation(stats, offset, minScale * Math.max(1f, Math.abs(mean)));
  }

  /** {@code value} in units of the sensor's scale, clipped. */
  public float normalize(float[] stats, int offset, float value) {
    return normalize(value, mean(stats, offset), scale(stats, offset));
  }

  /** {@code value} in units of {@code scale} around {@code mean}, clipped. */
  public static float normalize(float value, float mean, float scale) {
    float z = (value - mean) / scale;
    return Math.max(-MAX_Z, Math.min(MAX_Z, z));
  }

  /** A normalised value back in the sensor's units. */
  public float denormalize(float[] stats, int offset, float z) {
    return mean(stats, offset) + scale(stats, offset) * z;
  }

  /** The season phase of a window, in [0, 1): (start mod season period) / season period. */
  public double phase(long windowStartMillis) {
    return Math.floorMod(windowStartMillis, (long) seasonPeriodMillis) / seasonPeriodMillis;
  }

  /** Writes the model input of a window whose normalised value is {@code z}. */
  public void encode(float z, long windowStartMillis, float[] input, int inputOffset) {
    encodeAtPhase(z, phase(windowStartMillis), input, inputOffset);
  }

  /** Writes the model input of a window of season {@code phase} ({@link #phase}) whose normalised value is {@code z}. */
  public void encodeAtPhase(float z, double phase, float[] input, int inputOffset) {
    double angle = 2 * Math.PI * phase;
    input[inputOffset] = z;
    input[inputOffset + 1] = (float) Math.sin(angle);
    input[inputOffset + 2] = (float) Math.cos(angle);
  }
}
