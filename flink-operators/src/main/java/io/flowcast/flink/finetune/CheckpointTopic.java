package io.flowcast.flink.finetune;

import io.flowcast.flink.kafka.KafkaSecurity;
import io.flowcast.schemas.ModelCheckpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The {@code model-checkpoints} topic as {@code flowcast model publish} uses it: the highest
 * version announced so far, and one more announcement. Every call is bounded by the timeout given.
 *
 * @param bootstrapServers the brokers
 * @param security the clients' security settings
 * @param topic the announcements' topic
 * @param timeout the longest one call waits for Kafka
 */
record CheckpointTopic(String bootstrapServers, KafkaSecurity security, String topic, Duration timeout) {
  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * The highest version of the committed announcements (read_committed, every partition from its
   * start to its end offset as it is now), or 0 when there are none or no such topic. Records that
   * are not ModelCheckpoints are skipped: no task acts on them either.
   *
   * @throws KafkaException if Kafka is unreachable or the read does not end within the timeout
   */
  long highestVersion() {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
          .map(info -> new TopicPartition(topic, info.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long highest = 0;
      while (partitions.stream().anyMatch(partition -> consumer.position(partition, timeout) < end.get(partition))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("could not read " + topic + " to its end within " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          highest = Math.max(highest, versionOf(record.value()));
        }
      }
      return highest;
    }
  }

  /**
   * Produces {@code announcement} (idempotent producer, acks=all) and waits for the ack.
   *
   * @throws KafkaException if Kafka does not acknowledge it within the timeout
   */
  void announce(ModelCheckpoint announcement) throws InterruptedException {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, ModelCheckpoints.toBytes(announcement)))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KafkaException kafka
          ? kafka
          : new KafkaException("could not announce version " + announcement.getVersion(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new TimeoutException("Kafka did not acknowledge the announcement within " + timeout, e);
    }
  }

  private static long versionOf(byte[] value) {
    try {
      return ModelCheckpoints.fromBytes(value).getVersion();
    } catch (IOException e) {
      return 0;
    }
  }

  private Map<String, Object> consumerConfig() {
    return security.applyTo(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis(),
        ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis()));
  }

  private Map<String, Object> producerConfig() {
    return security.applyTo(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 0,
        ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis(),
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis(),
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMillis()));
  }

  private int timeoutMillis() {
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }
}
