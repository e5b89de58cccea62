package io.flowcast.flink.job;

import io.flowcast.flink.ingest.Reading;
import io.flowcast.flink.ingest.ReadingDeserializationSchema;
import io.flowcast.flink.kafka.KafkaSecurity;
import io.flowcast.schemas.DeadLetter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafka source of the readings topic, configured from {@link ForecastOptions}: brokers, topic,
 * consumer group, starting offsets, the {@link KafkaSecurity} settings and the
 * {@link ReadingDeserializationSchema} (with {@code ingest.max-future-skew}). Unbounded unless
 * the caller bounds the returned builder.
 */
public final class ReadingsSource {
  private ReadingsSource() {}

  /** A source builder with every configured setting applied; {@code build()} it or adjust it first. */
  public static KafkaSourceBuilder<Either<DeadLetter, Reading>> builder(Configuration config) {
    KafkaSourceBuilder<Either<DeadLetter, Reading>> builder = KafkaSource.<Either<DeadLetter, Reading>>builder()
        .setBootstrapServers(config.get(ForecastOptions.KAFKA_BOOTSTRAP_SERVERS))
        .setTopics(config.get(ForecastOptions.READINGS_TOPIC))
        .setGroupId(config.get(ForecastOptions.KAFKA_GROUP_ID))
        .setStartingOffsets(startingOffsets(config.get(ForecastOptions.SOURCE_STARTING_OFFSETS)))
        .setDeserializer(new ReadingDeserializationSchema(config.get(ForecastOptions.INGEST_MAX_FUTURE_SKEW)));
    KafkaSecurity.from(config).properties().forEach(builder::setProperty);
    return builder;
  }

  @SuppressWarnings("deprecation") // the connector's committedOffsets still takes the Kafka enum
  private static OffsetsInitializer startingOffsets(StartingOffsets startingOffsets) {
    return switch (startingOffsets) {
      case EARLIEST -> OffsetsInitializer.earliest();
      case LATEST -> OffsetsInitializer.latest();
      case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    };
  }
}
