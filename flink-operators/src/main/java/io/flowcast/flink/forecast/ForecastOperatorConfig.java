package io.flowcast.flink.forecast;

import io.flowcast.model.finetune.SampleSettings;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.step.StepEngines;
import java.io.Serializable;
import java.time.Duration;

/**
 * Everything a {@link ForecastOperator} needs, shipped with the job graph.
 *
 * @param settings encoding, horizon, intervals and anomaly threshold
 * @param model where the model comes from
 * @param bundleSize windows buffered before one batched model step
 * @param bundleInterval longest time a window waits in a bundle (processing time); zero = only by
 *     size, watermark, checkpoint and end of input
 * @param gapPolicy what to do about windows a sensor missed
 * @param maxGapWindows a gap longer than this resets the sensor's recurrent state
 * @param stateTtl idle sensors' state expires after this long without a window; zero = never
 * @param engine name of the model step's engine ({@link StepEngines#named}); only {@link
 *     StepEngines#JAVA} gives results that do not depend on the bundle size bit for bit. It must
 *     be on the classpath, checked when the job is built and again when the config is deserialised
 *     on a TaskManager
 * @param samples how training samples are cut for the fine-tuner; null when the job does not
 *     fine-tune
 * @param maxSamplesPerSecond the most training samples per second of the whole operator (shared
 *     evenly by its parallel tasks); ignored without samples
 * @param onShapeMismatch what a restored sensor state of another model shape does: restart the
 *     sensor or fail the task
 */
public record ForecastOperatorConfig(
    ForecastSettings settings,
    ModelSource model,
    int bundleSize,
    Duration bundleInterval,
    GapPolicy gapPolicy,
    int maxGapWindows,
    Duration stateTtl,
    String engine,
    SampleSettings samples,
    double maxSamplesPerSecond,
    ShapeMismatchPolicy onShapeMismatch)
    implements Serializable {

  /** A config that cuts no training samples and restarts sensors restored with another shape. */
  public ForecastOperatorConfig(ForecastSettings settings, ModelSource model, int bundleSize,
      Duration bundleInterval, GapPolicy gapPolicy, int maxGapWindows, Duration stateTtl, String engine) {
    this(settings, model, bundleSize, bundleInterval, gapPolicy, maxGapWindows, stateTtl, engine, null, 0);
  }

  /** A config that restarts sensors restored with another shape ({@link ShapeMismatchPolicy#RESET}). */
  public ForecastOperatorConfig(ForecastSettings settings, ModelSource model, int bundleSize,
      Duration bundleInterval, GapPolicy gapPolicy, int maxGapWindows, Duration stateTtl, String engine,
      SampleSettings samples, double maxSamplesPerSecond) {
    this(settings, model, bundleSize, bundleInterval, gapPolicy, maxGapWindows, stateTtl, engine, samples,
        maxSamplesPerSecond, ShapeMismatchPolicy.RESET);
  }

  public ForecastOperatorConfig {
    if (bundleSize < 1) {
      throw new IllegalArgumentException("bundle size must be >= 1, got " + bundleSize);
    }
    if (maxGapWindows < 0) {
      throw new IllegalArgumentException("max gap must be >= 0 windows, got " + maxGapWindows);
    }
    if (bundleInterval.isNegative() || stateTtl.isNegative()) {
      throw new IllegalArgumentException("bundle interval and state TTL must not be negative");
    }
    StepEngines.named(engine);
    if (onShapeMismatch == null) {
      throw new IllegalArgumentException("a shape-mismatch policy is required");
    }
    if (samples != null && !(maxSamplesPerSecond > 0)) {
      throw new IllegalArgumentException("max training samples per second must be > 0, got " + maxSamplesPerSecond);
    }
  }

  /** This config cutting training samples as {@code sampleSettings} say, at most {@code perSecond}. */
  public ForecastOperatorConfig withSamples(SampleSettings sampleSettings, double perSecond) {
    return new ForecastOperatorConfig(settings, model, bundleSize, bundleInterval, gapPolicy,
        maxGapWindows, stateTtl, engine, sampleSettings, perSecond, onShapeMismatch);
  }

  /** This config with {@code policy} for restored states of another model shape. */
  public ForecastOperatorConfig withShapeMismatch(ShapeMismatchPolicy policy) {
    return new ForecastOperatorConfig(settings, model, bundleSize, bundleInterval, gapPolicy,
        maxGapWindows, stateTtl, engine, samples, maxSamplesPerSecond, policy);
  }
}
