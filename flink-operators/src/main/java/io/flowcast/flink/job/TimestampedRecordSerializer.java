package io.flowcast.flink.job;

import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A record serializer that gives every record the Kafka timestamp {@code sink.timestamp} chooses
 * ({@link SinkTimestamp}) and otherwise leaves serialisation to {@code delegate}. Neither choice
 * can be refused by a broker for lying in the future: processing time is the wall clock, and event
 * time is capped by it.
 */
final class TimestampedRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
  private static final long serialVersionUID = 1L;

  private final KafkaRecordSerializationSchema<T> delegate;
  private final SinkTimestamp mode;

  TimestampedRecordSerializer(KafkaRecordSerializationSchema<T> delegate, SinkTimestamp mode) {
    this.delegate = delegate;
    this.mode = mode;
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
    delegate.open(context, sinkContext);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
    return delegate.serialize(element, context, timestampOf(timestamp, System.currentTimeMillis()));
  }

  /**
   * The Kafka timestamp of a record whose Flink timestamp is {@code timestamp} (null when it has
   * none), written at wall-clock time {@code now}.
   */
  Long timestampOf(Long timestamp, long now) {
    if (mode == SinkTimestamp.PROCESSING_TIME || timestamp == null || timestamp < 0) {
      return now;
    }
    return Math.min(timestamp, now);
  }
}
