package io.flowcast.flink.demo;

import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.ModelCheckpoint;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the forecasts topic from the beginning, read-committed (the job's sinks are exactly-once),
 * on a thread of its own and counts every {@link Forecast} on a {@link DemoScoreboard}; with a
 * checkpoints topic, also its {@link ModelCheckpoint} announcements (the fine-tuner's, committed
 * with the Flink checkpoint that holds their version), for the validation loss of the progress
 * lines. Knows the end of the latest window it has seen, so that the demo can wait for the job to
 * catch up.
 */
final class ForecastConsumer implements AutoCloseable {
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final DemoScoreboard scoreboard;
  private final SpecificDatumReader<Forecast> reader = new SpecificDatumReader<>(Forecast.class);
  private final SpecificDatumReader<ModelCheckpoint> announcementReader =
      new SpecificDatumReader<>(ModelCheckpoint.class);
  private final String checkpointsTopic;
  private final Thread thread = new Thread(this::run, "forecast-consumer");
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Object progress = new Object();
  private BinaryDecoder decoder;
  private volatile boolean stopping;
  private long latestWindowEnd = Long.MIN_VALUE;

  private ForecastConsumer(String bootstrapServers, String topic, String checkpointsTopic, DemoScoreboard scoreboard) {
    this.scoreboard = scoreboard;
    this.checkpointsTopic = checkpointsTopic;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>(partitions(topic));
    if (checkpointsTopic != null) {
      partitions.addAll(partitions(checkpointsTopic));
    }
    consumer.assign(partitions);
  }

  private List<TopicPartition> partitions(String topic) {
    return consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition()))
        .toList();
  }

  /**
   * Starts reading all partitions of the forecasts {@code topic}, and of {@code checkpointsTopic}
   * unless it is null, from the beginning.
   */
  static ForecastConsumer start(String bootstrapServers, String topic, String checkpointsTopic,
      DemoScoreboard scoreboard) {
    ForecastConsumer forecastConsumer = new ForecastConsumer(bootstrapServers, topic, checkpointsTopic, scoreboard);
    forecastConsumer.thread.setDaemon(true);
    forecastConsumer.thread.start();
    return forecastConsumer;
  }

  /**
   * Waits until a forecast for a window ending at or after {@code windowEnd} has been read, or
   * {@code timeout} has passed.
   *
   * @return whether it has been read
   */
  boolean awaitWindowEnd(long windowEnd, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (latestWindowEnd < windowEnd && failure.get() == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progress.wait(Math.max(1, left / 1_000_000));
      }
      return latestWindowEnd >= windowEnd;
    }
  }

  /** Why reading stopped early, if it did. */
  Exception failure() {
    return failure.get();
  }

  private void run() {
    try {
      while (!stopping) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
          if (record.topic().equals(checkpointsTopic)) {
            ModelCheckpoint announcement = decode(announcementReader, record.value());
            scoreboard.onAnnouncement(announcement.getVersion(), announcement.getValidationLoss());
          } else {
            count(decode(reader, record.value()));
          }
        }
      }
    } catch (WakeupException e) {
      // close() stops the poll.
    } catch (IOException | RuntimeException e) {
      failure.set(e);
      synchronized (progress) {
        progress.notifyAll();
      }
    } finally {
      consumer.close();
    }
  }

  private <T> T decode(SpecificDatumReader<T> datumReader, byte[] value) throws IOException {
    decoder = DecoderFactory.get().binaryDecoder(value, decoder);
    return datumReader.read(null, decoder);
  }

  private void count(Forecast forecast) {
    scoreboard.onForecast(forecast.getSensorId(), forecast.getWindowStart().toEpochMilli(), forecast.getActual(),
        forecast.getResidual(), forecast.getAnomaly(), forecast.getModelVersion());
    synchronized (progress) {
      latestWindowEnd = Math.max(latestWindowEnd, forecast.getWindowEnd().toEpochMilli());
      progress.notifyAll();
    }
  }

  /** Stops reading and closes the consumer. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    consumer.wakeup();
    thread.join();
  }
}
