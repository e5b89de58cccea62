package io.flowcast.flink.job;

import io.flowcast.flink.kafka.KafkaSecurity;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Kafka sinks of the job, configured from {@link ForecastOptions}: brokers, {@link KafkaSecurity},
 * {@code sink.delivery-guarantee} and {@code sink.timestamp} (the Kafka timestamp of every record). Exactly-once sinks write in Kafka transactions committed on
 * checkpoints, with the transactional id prefix {@code <sink.transactional-id-prefix>-<topic>}
 * and {@code sink.transaction-timeout}; they need checkpointing
 * ({@link #requireCheckpointingIfExactlyOnce}).
 */
public final class KafkaSinks {
  private KafkaSinks() {}

  /** A sink writing each element's serialised value, without a key, to {@code topic}. */
  public static <T> KafkaSink<T> forTopic(Configuration config, String topic, SerializationSchema<T> valueSchema) {
    return forTopic(config, topic, valueSchema, config.get(ForecastOptions.SINK_DELIVERY_GUARANTEE));
  }

  /** As {@link #forTopic(Configuration, String, SerializationSchema)}, with the given guarantee. */
  public static <T> KafkaSink<T> forTopic(Configuration config, String topic, SerializationSchema<T> valueSchema,
      DeliveryGuarantee guarantee) {
    KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
        .setBootstrapServers(config.get(ForecastOptions.KAFKA_BOOTSTRAP_SERVERS))
        .setRecordSerializer(recordSerializer(config, topic, valueSchema))
        .setDeliveryGuarantee(guarantee);
    KafkaSecurity.from(config).properties().forEach(builder::setProperty);
    if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
      builder
          .setTransactionalIdPrefix(config.get(ForecastOptions.SINK_TRANSACTIONAL_ID_PREFIX) + "-" + topic)
          .setProperty("transaction.timeout.ms",
              Long.toString(config.get(ForecastOptions.SINK_TRANSACTION_TIMEOUT).toMillis()));
    }
    return builder.build();
  }

  /**
   * The serializer of a sink's records: the value only, no key, and the Kafka timestamp that
   * {@code sink.timestamp} chooses.
   */
  static <T> KafkaRecordSerializationSchema<T> recordSerializer(Configuration config, String topic,
      SerializationSchema<T> valueSchema) {
    KafkaRecordSerializationSchema<T> plain = KafkaRecordSerializationSchema.<T>builder()
        .setTopic(topic)
        .setValueSerializationSchema(valueSchema)
        .build();
    return new TimestampedRecordSerializer<>(plain, config.get(ForecastOptions.SINK_TIMESTAMP));
  }

  /**
   * Exactly-once sinks only commit on checkpoints: without checkpointing their output would never
   * become visible to read-committed consumers.
   *
   * @throws IllegalStateException if the configured guarantee is exactly-once and {@code env} does
   *     not checkpoint
   */
  public static void requireCheckpointingIfExactlyOnce(StreamExecutionEnvironment env, Configuration config) {
    if (config.get(ForecastOptions.SINK_DELIVERY_GUARANTEE) == DeliveryGuarantee.EXACTLY_ONCE
        && !env.getCheckpointConfig().isCheckpointingEnabled()) {
      throw new IllegalStateException(ForecastOptions.SINK_DELIVERY_GUARANTEE.key()
          + " is exactly-once but checkpointing is off: set execution.checkpointing.interval, or choose "
          + DeliveryGuarantee.AT_LEAST_ONCE);
    }
  }
}
