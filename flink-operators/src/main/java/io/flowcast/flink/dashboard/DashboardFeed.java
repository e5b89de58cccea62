package io.flowcast.flink.dashboard;

import io.flowcast.flink.kafka.KafkaSecurity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the forecasts, anomalies and dead-letters topics from the beginning, read-committed (the
 * job's sinks are exactly-once), on a thread of its own, and hands every record to a
 * {@link FeedRouter} (a record that does not decode is counted and skipped; it never stops the
 * feed). Once a second it also reads the readings topic's end offsets (readings per second). Topics and partitions that appear later are picked up
 * (the assignment is refreshed every few seconds).
 */
final class DashboardFeed implements AutoCloseable {
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  private static final long ASSIGNMENT_REFRESH_MILLIS = 5_000;
  private static final long END_OFFSETS_MILLIS = 1_000;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final DashboardTopics topics;
  private final FleetStats stats;
  private final FeedRouter router;
  private final Thread thread = new Thread(this::run, "dashboard-feed");
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private List<TopicPartition> readingsPartitions = List.of();
  private volatile boolean stopping;

  private DashboardFeed(String bootstrapServers, KafkaSecurity security, DashboardTopics topics,
      SensorHistories histories, FleetStats stats, LiveSubscriptions subscriptions) {
    this.topics = topics;
    this.stats = stats;
    this.router = new FeedRouter(topics, histories, stats, subscriptions);
    this.consumer = new KafkaConsumer<>(security.applyTo(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000)),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Starts reading on a daemon thread. */
  static DashboardFeed start(String bootstrapServers, KafkaSecurity security, DashboardTopics topics,
      SensorHistories histories, FleetStats stats, LiveSubscriptions subscriptions) {
    DashboardFeed feed = new DashboardFeed(bootstrapServers, security, topics, histories, stats, subscriptions);
    feed.thread.setDaemon(true);
    feed.thread.start();
    return feed;
  }

  /** Why reading stopped (Kafka failed), if it did. */
  Exception failure() {
    return failure.get();
  }

  private void run() {
    try {
      long nextAssignment = 0;
      long nextEndOffsets = 0;
      while (!stopping) {
        long now = System.currentTimeMillis();
        if (now >= nextAssignment) {
          refreshAssignment();
          nextAssignment = now + ASSIGNMENT_REFRESH_MILLIS;
        }
        if (now >= nextEndOffsets && !readingsPartitions.isEmpty()) {
          stats.readingsEndOffset(consumer.endOffsets(readingsPartitions).values().stream()
              .mapToLong(Long::longValue).sum());
          nextEndOffsets = now + END_OFFSETS_MILLIS;
        }
        if (consumer.assignment().isEmpty()) {
          Thread.sleep(POLL_TIMEOUT.toMillis());
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          router.route(record.topic(), record.value());
        }
      }
    } catch (WakeupException e) {
      // close() stops the poll.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // a Kafka error or a bug: the command sees it through failure() and stops, never serves stale data
      failure.set(e);
    } finally {
      consumer.close();
    }
  }

  private void refreshAssignment() {
    Set<TopicPartition> wanted = new HashSet<>();
    for (String topic : List.of(topics.forecasts(), topics.anomalies(), topics.deadLetters())) {
      wanted.addAll(partitionsOf(topic));
    }
    if (!wanted.equals(consumer.assignment())) {
      consumer.assign(wanted);
    }
    readingsPartitions = partitionsOf(topics.readings());
  }

  private List<TopicPartition> partitionsOf(String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
    return partitions;
  }

  /** Stops reading and closes the consumer. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    consumer.wakeup();
    thread.join();
  }
}
