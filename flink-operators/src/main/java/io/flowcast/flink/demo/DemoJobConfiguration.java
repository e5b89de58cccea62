package io.flowcast.flink.demo;

import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.job.StartingOffsets;
import io.flowcast.model.forecast.ForecastSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;

/**
 * The job configuration of the embedded demo: the demo fleet's 5-minute windows, the forecasting
 * settings the bundled model was trained with ({@link DemoSettings#forecast()}), quick checkpoints
 * so that the exactly-once forecasts become visible within seconds, and watermarks suited to the
 * simulator's in-order readings.
 */
final class DemoJobConfiguration {
  /**
   * Checkpoint interval: the exactly-once sinks commit on checkpoints, so this is how long a
   * forecast waits before the demo's read-committed consumer sees it.
   */
  static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
  /** The simulator's readings arrive in event-time order; one reading interval of slack. */
  static final Duration OUT_OF_ORDERNESS = Duration.ofMillis(FleetSettings.DEMO_READING_INTERVAL_MILLIS);

  private DemoJobConfiguration() {}

  /**
   * @param bootstrapServers the embedded broker
   * @param model weights file, or null for a freshly initialised model (the options' defaults)
   */
  static Configuration create(String bootstrapServers, Path model) {
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
    return config;
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
