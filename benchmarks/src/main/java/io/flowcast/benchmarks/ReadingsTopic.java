package io.flowcast.benchmarks;

import io.flowcast.flink.ingest.Reading;
import io.flowcast.flink.ingest.SensorReadingCodec;
import io.flowcast.schemas.SensorReading;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fills a readings topic with a {@link ReadingPlan}'s readings as the job reads them: plain Avro
 * {@link SensorReading}s ({@link SensorReadingCodec}), part p of the plan to partition p in the
 * plan's order, so each partition's event times never go back. The Kafka timestamps are the
 * time of the write (the event times lie in the past, where a topic's retention would delete
 * them).
 */
final class ReadingsTopic {
  private ReadingsTopic() {}

  /** Writes every reading of {@code plan} to {@code topic}, which has {@code plan.parts()} partitions. */
  static void fill(String bootstrapServers, String topic, ReadingPlan plan) {
    SensorReadingCodec codec = new SensorReadingCodec();
    long perPart = plan.readings() / plan.parts();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.LINGER_MS_CONFIG, 50,
        ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
        ProducerConfig.BUFFER_MEMORY_CONFIG, 256L << 20),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long index = 0; index < plan.readings(); index++) {
        Reading reading = plan.reading(index);
        byte[] value = codec.encode(new SensorReading(
            reading.sensorId, Instant.ofEpochMilli(reading.eventTime), reading.value, Map.of()));
        producer.send(new ProducerRecord<>(topic, (int) (index / perPart), null, value));
      }
      producer.flush();
    }
  }
}
