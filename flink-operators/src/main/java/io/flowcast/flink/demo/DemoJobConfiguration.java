package io.flowcast.flink.demo;

import io.flowcast.flink.job.FineTuneMode;
import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.job.StartingOffsets;
import io.flowcast.model.forecast.ForecastSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/**
 * The job configuration of the embedded demo: the demo fleet's 5-minute windows, the forecasting
 * settings the bundled model was trained with ({@link DemoSettings#forecast()}), quick checkpoints
 * so that the exactly-once forecasts become visible within seconds, watermarks suited to the
 * simulator's in-order readings and, unless fine-tuning is off, {@code finetune.mode} train with
 * rounds sized for a run of a minute or two.
 *
 * <p>The fine-tuning sizes: the default demo (64 sensors at 2400x for 90 s) closes 720 windows per
 * sensor, 8 per wall-clock second, about 512 a second for the fleet; the demo ITCase (16 sensors
 * at 7200x for 60 s) closes 1440 per sensor, about 384 a second. A sample of
 * {@value #FINETUNE_BURN_IN} burn-in and {@value #FINETUNE_SEQUENCE_LENGTH} scored windows, one per
 * sensor every {@value #FINETUNE_SEQUENCE_LENGTH} windows after its 30 warm-up windows, makes about
 * 21 samples a second in the default run (1,800 in all) and 16 in the ITCase's (900). So the
 * buffer holds {@value #FINETUNE_MIN_SAMPLES} training samples (plus {@value #FINETUNE_VALIDATION_SIZE}
 * held out) some 15 s into the run, and a round is due after {@value #FINETUNE_ROUND_SAMPLES} new
 * samples or {@link #FINETUNE_ROUND_INTERVAL}, whichever comes first: a round every 7 to 10 s, a
 * few versions before the fleet's drift halfway through and a few after it. A candidate is
 * published only if it does at least as well as the serving model on the held-out recent samples
 * (tolerance 0), so a published version is one that fits the fleet as it is now.
 */
final class DemoJobConfiguration {
  /**
   * Checkpoint interval: the exactly-once sinks commit on checkpoints, so this is how long a
   * forecast waits before the demo's read-committed consumer sees it.
   */
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
  /** The simulator's readings arrive in event-time order; one reading interval of slack. */
  static final Duration OUT_OF_ORDERNESS = Duration.ofMillis(FleetSettings.DEMO_READING_INTERVAL_MILLIS);
  /** Scored windows per training sample (a simulated two hours). */
  static final int FINETUNE_SEQUENCE_LENGTH = 24;
  /** Windows that warm a sample's recurrent state first. */
  static final int FINETUNE_BURN_IN = 12;
  /** Training samples before the first round. */
  static final int FINETUNE_MIN_SAMPLES = 192;
  /** Recent samples held out to validate a candidate against the serving model. */
  static final int FINETUNE_VALIDATION_SIZE = 64;
  /** New samples that make a round due. */
  static final int FINETUNE_ROUND_SAMPLES = 160;
  /** Time after the last round that makes one due (given a new sample). */
  static final Duration FINETUNE_ROUND_INTERVAL = Duration.ofSeconds(10);

  private DemoJobConfiguration() {}

  /**
   * @param bootstrapServers the embedded broker
   * @param model weights file, or null for a freshly initialised model (the options' defaults)
   * @param checkpointDir where the fine-tuner writes its checkpoints, or null for no fine-tuning
   */
  static Configuration create(String bootstrapServers, Path model, Path checkpointDir) {
    Configuration config = new Configuration();
    config.set(ForecastOptions.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
    config.set(ForecastOptions.JOB_NAME, "flowcast-demo");
    config.set(ForecastOptions.SOURCE_STARTING_OFFSETS, StartingOffsets.EARLIEST);
    config.set(ForecastOptions.WATERMARK_OUT_OF_ORDERNESS, OUT_OF_ORDERNESS);
    config.set(ForecastOptions.WATERMARK_IDLENESS, Duration.ZERO);
    config.set(ForecastOptions.WINDOW_SIZE, Duration.ofMillis(FleetSettings.DEMO_WINDOW_MILLIS));
    config.set(ForecastOptions.CHECKPOINT_INTERVAL, CHECKPOINT_INTERVAL);
    if (model != null) {
      config.set(ForecastOptions.MODEL_PATH, model.toAbsolutePath().toString());
    }
    setForecasting(config, DemoSettings.forecast());
    if (checkpointDir != null) {
      setFineTuning(config, checkpointDir);
    }
    return config;
  }

  private static void setFineTuning(Configuration config, Path checkpointDir) {
    config.set(ForecastOptions.FINETUNE_MODE, FineTuneMode.TRAIN);
    config.set(ForecastOptions.FINETUNE_CHECKPOINT_DIR, checkpointDir.toAbsolutePath().toUri().toString());
    config.set(ForecastOptions.FINETUNE_SEQUENCE_LENGTH, FINETUNE_SEQUENCE_LENGTH);
    config.set(ForecastOptions.FINETUNE_BURN_IN, FINETUNE_BURN_IN);
    config.set(ForecastOptions.FINETUNE_MIN_SAMPLES, FINETUNE_MIN_SAMPLES);
    config.set(ForecastOptions.FINETUNE_VALIDATION_SIZE, FINETUNE_VALIDATION_SIZE);
    config.set(ForecastOptions.FINETUNE_ROUND_SAMPLES, FINETUNE_ROUND_SAMPLES);
    config.set(ForecastOptions.FINETUNE_ROUND_INTERVAL, FINETUNE_ROUND_INTERVAL);
  }

  private static void setForecasting(Configuration config, ForecastSettings settings) {
    config.set(ForecastOptions.FORECAST_HORIZON, settings.horizon());
    config.set(ForecastOptions.FORECAST_SEASON_PERIOD, Duration.ofMillis(settings.seasonPeriodMillis()));
    config.set(ForecastOptions.FORECAST_NORMALIZATION_ALPHA, settings.normalizationAlpha());
    config.set(ForecastOptions.FORECAST_RESIDUAL_ALPHA, settings.residualAlpha());
    config.set(ForecastOptions.FORECAST_WARM_UP_WINDOWS, settings.warmUpWindows());
    config.set(ForecastOptions.FORECAST_INTERVAL_Z, settings.intervalZ());
    config.set(ForecastOptions.ANOMALY_THRESHOLD, settings.anomalyThreshold());
    config.set(ForecastOptions.FORECAST_MIN_SCALE, settings.minScale());
  }
}
