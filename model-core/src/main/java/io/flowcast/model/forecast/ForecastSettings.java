package io.flowcast.model.forecast;

import java.io.Serializable;

/**
 * How windows become forecasts and anomaly scores; shared by the streaming forecaster and by the
 * trainer that prepares its model, so that both see the same encoding.
 *
 * @param horizon windows ahead the model forecasts (the model's head has this many outputs)
 * @param seasonPeriodMillis period of the seasonal phase fed to the model (a day by default)
 * @param normalizationAlpha forgetting weight of each sensor's running mean and variance
 * @param residualAlpha forgetting weight of each sensor's residual statistics
 * @param warmUpWindows residuals a sensor must have before it is scored
 * @param intervalZ half-width of the one-step prediction interval in calibrated residual standard
 *     deviations; sets its nominal coverage (1.96: 95%), which the calibration keeps per sensor
 * @param anomalyThreshold calibrated score ({@link AnomalyScorer}, in (0, 1]) at or above which a
 *     window is flagged; 0.25 flags actuals as far out as a tail probability of 1e-5
 * @param minScale floor of a sensor's scale, relative to the magnitude of its mean (a constant
 *     sensor still normalises)
 * @param target what the model's head outputs: the level ahead, or the change from the last window
 * @param correctionForgetting forgetting factor of each sensor's online recalibration of the
 *     model's forecasts ({@link ForecastCorrection}), in (0, 1]; 0 = no correction
 * @param repeatDamping factor of an anomaly score no higher than the sensor's highest of the last
 *     season period ({@link AnomalyScorer}), in (0, 1]; 1 = none
 * @param levelWarmUpWindows with a value of 4 or more, the anomaly score is the {@link LevelNovelty}
 *     of each window, its levels set by the range of the sensor's first this many windows, instead
 *     of the residual's surprise; 0 = the residual's
 * @param levelBurstGapWindows with level novelty, firsts at most this many windows apart are one
 *     burst, which reports only the firsts that beat its highest so far ({@link LevelNovelty}); 0 =
 *     every first
 */
public record ForecastSettings(
    int horizon,
    long seasonPeriodMillis,
    double normalizationAlpha,
    double residualAlpha,
    int warmUpWindows,
    double intervalZ,
    double anomalyThreshold,
    double minScale,
    ForecastTarget target,
    double correctionForgetting,
    double repeatDamping,
    int levelWarmUpWindows,
    int levelBurstGapWindows)
    implements Serializable {

  /** One day. */
  public static final long DAY_MILLIS = 86_400_000L;

  public ForecastSettings {
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
    }
    if (seasonPeriodMillis < 1) {
      throw new IllegalArgumentException("seasonPeriodMillis must be >= 1, got " + seasonPeriodMillis);
    }
    if (correctionForgetting != 0) {
      new ForecastCorrection(horizon, correctionForgetting);
    }
    if (target == null) {
      throw new IllegalArgumentException("target is required (level or change)");
    }
    if (!(minScale > 0)) {
      throw new IllegalArgumentException("minScale must be > 0, got " + minScale);
    }
    if (!(anomalyThreshold > 0 && anomalyThreshold <= 1)) {
      throw new IllegalArgumentException("anomalyThreshold is a calibrated score and must be in (0, 1], got "
          + anomalyThreshold + " (0.25 flags actuals as far out as a tail probability of 1e-5)");
    }
    // alphas, warm-up and intervalZ are checked by ExponentialStats and AnomalyScorer
    new AnomalyScorer(residualAlpha, warmUpWindows, intervalZ, 1e-6, repeatDamping);
    new ExponentialStats(normalizationAlpha);
    if (levelWarmUpWindows == 0 && levelBurstGapWindows > 0) {
      throw new IllegalArgumentException("a level burst gap (" + levelBurstGapWindows + " windows) needs level"
          + " novelty: set a level warm-up of 4 or more windows, or the burst gap to 0");
    }
    if (levelWarmUpWindows != 0 || levelBurstGapWindows != 0) {
      new LevelNovelty(levelWarmUpWindows, levelBurstGapWindows);
    }
  }

  /**
   * Default {@link #anomalyThreshold}: 0.25, an actual as far out as a tail probability of 1e-5
   * under the sensor's calibrated residual distribution ({@link AnomalyScorer}).
   */
  public static final double DEFAULT_ANOMALY_THRESHOLD = 0.25;

  /** Default {@link #repeatDamping}: none, every score as it is. */
  public static final double DEFAULT_REPEAT_DAMPING = 1;

  /**
   * Horizon 3, daily season, alphas 0.01 / 0.02, 30 warm-up windows, z 1.96, threshold 0.25,
   * level target, no online correction, no repeat damping, the residual's score (no level novelty).
   */
  public static ForecastSettings defaults() {
    return new ForecastSettings(3, DAY_MILLIS, 0.01, 0.02, 30, 1.96, DEFAULT_ANOMALY_THRESHOLD, 1e-3,
        ForecastTarget.LEVEL, 0, DEFAULT_REPEAT_DAMPING, 0, 0);
  }

  /** These settings with another horizon. */
  public ForecastSettings withHorizon(int newHorizon) {
    return new ForecastSettings(newHorizon, seasonPeriodMillis, normalizationAlpha, residualAlpha,
        warmUpWindows, intervalZ, anomalyThreshold, minScale, target, correctionForgetting, repeatDamping,
        levelWarmUpWindows, levelBurstGapWindows);
  }

  /** These settings with another target. */
  public ForecastSettings withTarget(ForecastTarget newTarget) {
    return new ForecastSettings(horizon, seasonPeriodMillis, normalizationAlpha, residualAlpha, warmUpWindows,
        intervalZ, anomalyThreshold, minScale, newTarget, correctionForgetting, repeatDamping, levelWarmUpWindows,
        levelBurstGapWindows);
  }

  /** These settings with another correction forgetting factor (0 = none). */
  public ForecastSettings withCorrection(double forgetting) {
    return new ForecastSettings(horizon, seasonPeriodMillis, normalizationAlpha, residualAlpha, warmUpWindows,
        intervalZ, anomalyThreshold, minScale, target, forgetting, repeatDamping, levelWarmUpWindows,
        levelBurstGapWindows);
  }

  /** These settings with another repeat damping (1 = none). */
  public ForecastSettings withRepeatDamping(double damping) {
    return new ForecastSettings(horizon, seasonPeriodMillis, normalizationAlpha, residualAlpha, warmUpWindows,
        intervalZ, anomalyThreshold, minScale, target, correctionForgetting, damping, levelWarmUpWindows,
        levelBurstGapWindows);
  }

  /**
   * These settings scoring level novelty over a warm-up of {@code windows} (0 = the residual's
   * score), every first reported.
   */
  public ForecastSettings withLevelNovelty(int windows) {
    return withLevelNovelty(windows, 0);
  }

  /**
   * These settings scoring level novelty over a warm-up of {@code windows}, its bursts' firsts at
   * most {@code burstGapWindows} apart.
   */
  public ForecastSettings withLevelNovelty(int windows, int burstGapWindows) {
    return new ForecastSettings(horizon, seasonPeriodMillis, normalizationAlpha, residualAlpha, warmUpWindows,
        intervalZ, anomalyThreshold, minScale, target, correctionForgetting, repeatDamping, windows, burstGapWindows);
  }

  /** Whether the anomaly score is each window's {@link LevelNovelty}. */
  public boolean scoresLevelNovelty() {
    return levelWarmUpWindows != 0;
  }

  /** Whether each sensor's forecasts are recalibrated online. */
  public boolean corrects() {
    return correctionForgetting != 0;
  }
}
