package io.flowcast.model.forecast;

/**
 * What a forecasting model's head outputs, in the normalised units of {@link WindowEncoding}
 * ({@code x_t} is the window just seen, {@code mean} and {@code scale} the sensor's statistics
 * then, {@code z = (x - mean) / scale}):
 *
 * <ul>
 *   <li>{@link #LEVEL}: output k is {@code z_{t+1+k}}, the level k + 1 windows ahead;
 *   <li>{@link #CHANGE}: output k is {@code (x_{t+1+k} - x_t) / scale}, the change from the window
 *       just seen; a head that outputs zeros is persistence (the last value repeated), so a model
 *       learns only what improves on it, and a sensor far from its running mean is still
 *       forecast from where it is.
 * </ul>
 *
 * The trainer ({@code train}, the fine-tuner) and the forecaster must agree on it, as they agree
 * on the encoding: it is part of {@link ForecastSettings}.
 */
public enum ForecastTarget {
  LEVEL,
  CHANGE;

  /**
   * The training target of an output: for the value {@code valueAhead} windows ahead, from the
   * window just seen ({@code valueNow}) under its statistics, clipped to +-{@link
   * WindowEncoding#MAX_Z} as the inputs are.
   */
  public float target(float valueAhead, float valueNow, float mean, float scale) {
    return WindowEncoding.normalize(this == CHANGE ? valueAhead - valueNow + mean : valueAhead, mean, scale);
  }

  /**
   * The forecast from the head's {@code output}, in normalised units (not clipped: a sensor far
   * from its running mean is forecast from where it is); {@code mean + scale * forecast} is in the
   * sensor's units.
   */
  public float normalizedForecast(float output, float valueNow, float mean, float scale) {
    return this == CHANGE ? (valueNow - mean) / scale + output : output;
  }

  /** Parses {@code level} or {@code change}, case-insensitively. */
  public static ForecastTarget fromId(String id) {
    for (ForecastTarget target : values()) {
      if (target.name().equalsIgnoreCase(id)) {
        return target;
      }
    }
    throw new IllegalArgumentException("unknown forecast target '" + id + "' (level or change)");
  }

  /** {@code level} or {@code change}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
