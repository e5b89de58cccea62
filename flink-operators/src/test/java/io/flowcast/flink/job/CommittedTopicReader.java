package io.flowcast.flink.job;

import io.flowcast.flink.kafka.KafkaSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the plain Avro binary records of one single-partition topic from its start, as a
 * consumer of the job's exactly-once output must: with {@code isolation.level=read_committed},
 * so that it sees only what the job committed on a checkpoint.
 *
 * @param <T> the Avro specific record class of the values
 */
public final class CommittedTopicReader<T> implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  private final TopicPartition partition;
  private final SpecificDatumReader<T> avro;
  private final KafkaConsumer<byte[], byte[]> consumer;

  public CommittedTopicReader(String bootstrapServers, String topic, Class<T> type) {
    this(bootstrapServers, KafkaSecurity.NONE, topic, type);
  }

  /** A reader of a broker that needs the client {@code security} settings. */
  public CommittedTopicReader(String bootstrapServers, KafkaSecurity security, String topic, Class<T> type) {
    this.partition = new TopicPartition(topic, 0);
    this.avro = new SpecificDatumReader<>(type);
    this.consumer = new KafkaConsumer<>(security.applyTo(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.assign(List.of(partition));
  }

  /** Reads until {@code count} records arrived or {@code timeout} passed, whichever is first. */
  public List<T> read(int count, Duration timeout) {
    List<T> records = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (records.size() < count && System.nanoTime() < deadline) {
      pollInto(records);
    }
    return records;
  }

  /**
   * Reads every committed record not read yet: up to the partition's last stable offset as it is
   * now, so the writer should have no transaction open (for example, its job has ended).
   */
  public List<T> readRest() {
    long end = consumer.endOffsets(List.of(partition)).get(partition);
    List<T> records = new ArrayList<>();
    while (consumer.position(partition) < end) {
      pollInto(records);
    }
    return records;
  }

  private void pollInto(List<T> records) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
      try {
        records.add(avro.read(null, DecoderFactory.get().binaryDecoder(record.value(), null)));
      } catch (IOException e) {
        throw new UncheckedIOException("not an Avro record at offset " + record.offset() + " of " + partition, e);
      }
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
