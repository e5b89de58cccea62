package io.flowcast.flink.dashboard;

import io.flowcast.flink.job.ForecastOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The topics the dashboard reads: forecasts (the charts), anomalies (anomalies per minute),
 * dead letters (by reason), and readings, of which only the end offsets are read (readings per
 * second).
 */
public record DashboardTopics(String forecasts, String anomalies, String deadLetters, String readings) {
  /** The topics of a job configured by {@code config} ({@link ForecastOptions}). */
  public static DashboardTopics of(ReadableConfig config) {
    return new DashboardTopics(config.get(ForecastOptions.FORECASTS_TOPIC),
        config.get(ForecastOptions.ANOMALIES_TOPIC), config.get(ForecastOptions.DEAD_LETTERS_TOPIC),
        config.get(ForecastOptions.READINGS_TOPIC));
  }
}
