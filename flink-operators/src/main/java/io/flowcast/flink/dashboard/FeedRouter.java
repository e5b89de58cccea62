package io.flowcast.flink.dashboard;

import io.flowcast.flink.ingest.BoundedAvroReader;
import io.flowcast.schemas.DeadLetter;
import io.flowcast.schemas.Forecast;
import java.io.IOException;

/**
 * Decodes one record of the dashboard's topics and routes it: a forecast into the
 * {@link SensorHistories} and, when a browser follows its sensor, to {@link LiveSubscriptions};
 * every record into the {@link FleetStats}. A record that does not decode (corrupt bytes, a
 * tombstone, trailing bytes) is counted as undecodable for its topic and skipped. Not thread-safe
 * (one feed thread).
 */
final class FeedRouter {
  private final DashboardTopics topics;
  private final SensorHistories histories;
  private final FleetStats stats;
  private final LiveSubscriptions subscriptions;
  private final BoundedAvroReader<Forecast> forecastReader = new BoundedAvroReader<>(Forecast.class);
  private final BoundedAvroReader<DeadLetter> deadLetterReader = new BoundedAvroReader<>(DeadLetter.class);

  FeedRouter(DashboardTopics topics, SensorHistories histories, FleetStats stats, LiveSubscriptions subscriptions) {
    this.topics = topics;
    this.histories = histories;
    this.stats = stats;
    this.subscriptions = subscriptions;
  }

  void route(String topic, byte[] value) {
    try {
      if (value == null) {
        throw new IOException("null value");
      }
      if (topic.equals(topics.forecasts())) {
        onForecast(forecastReader.read(value));
      } else if (topic.equals(topics.anomalies())) {
        forecastReader.read(value);
        stats.anomaly();
      } else if (topic.equals(topics.deadLetters())) {
        stats.deadLetter(deadLetterReader.read(value).getReason());
      }
    } catch (IOException | RuntimeException e) {
      stats.undecodable(topic);
    }
  }

  private void onForecast(Forecast forecast) {
    stats.forecast(forecast.getModelVersion());
    String id = forecast.getSensorId();
    if (histories.add(forecast)) {
      subscriptions.publish(id, () -> {
        StringBuilder json = new StringBuilder(256);
        histories.appendJson(id, 1, json);
        return json.toString();
      });
    }
  }
}
