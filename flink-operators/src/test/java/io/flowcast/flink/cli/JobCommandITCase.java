package io.flowcast.flink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.cluster.JavaProcess;
import io.flowcast.flink.job.ExactSensorStream;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.schemas.Forecast;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowcast job} as a process, stopped with SIGTERM twice and killed outright once in the
 * middle of a stream, restarted each time from its state directory at another parallelism and
 * bundle size (1 -> 2 -> 1; 512, 7, 64 windows): every SIGTERM exits 0 with a
 * savepoint and leaves no transaction open (read-committed readers see the end of the topic at
 * once), and the committed forecasts are exactly those of a failure-free run (the same code
 * replayed offline: none lost, none duplicated, each sensor's state continuing bit for bit).
 */
class JobCommandITCase {
  private static final int SENSORS = ExactSensorStream.SENSORS;
  private static final int WINDOWS = 90;

  private static EmbeddedKafka kafka;

  @TempDir Path work;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics("readings", "forecasts", "anomalies", "dead-letters");
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static List<String> jobArguments(Path stateDir) {
    List<String> arguments = new ArrayList<>(List.of("job", "--state-dir", stateDir.toString()));
    arguments.addAll(ExactSensorStream.jobArguments(kafka.bootstrapServers()));
    return arguments;
  }

  /** Run {@code run} of the job, at {@code parallelism} with bundles of {@code bundleSize} windows. */
  private JavaProcess startJob(int run, int parallelism, int bundleSize) throws IOException {
    List<String> arguments = new ArrayList<>(jobArguments(work.resolve("state")));
    arguments.addAll(List.of("--parallelism", Integer.toString(parallelism), "--bundle.size", Integer.toString(bundleSize)));
    return JavaProcess.start("flowcast job #" + run, System.getProperty("java.class.path"), List.of("-Xmx768m"),
        FlowcastCli.class.getName(), arguments, Map.of(), work.resolve("job-" + run + ".log"));
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void restartsLoseAndDuplicateNothing() throws Exception {
    try (Forecasts forecasts = new Forecasts()) {
      produce(0, 30);
      JavaProcess first = startJob(1, 1, 512);
      forecasts.awaitAtLeast(SENSORS * 25, first);
      first.terminate();
      assertThat(first.waitFor(Duration.ofSeconds(120))).as(first.describe()).isZero();
      assertThat(first.output()).contains("stopped with savepoint");
      assertThat(forecasts.lastStableOffset()).as("no transaction left open").isEqualTo(forecasts.endOffset());

      produce(30, 60);
      JavaProcess second = startJob(2, 2, 7); // rescaled, other bundles
      forecasts.awaitAtLeast(SENSORS * 50, second);
      assertThat(second.output()).contains("resumed from");
      second.kill();

      produce(60, WINDOWS);
      produce(WINDOWS + 5, WINDOWS + 6); // closes every window up to WINDOWS - 1
      JavaProcess third = startJob(3, 1, 64);
      forecasts.awaitAtLeast(SENSORS * WINDOWS, third);
      third.terminate();
      assertThat(third.waitFor(Duration.ofSeconds(120))).as(third.describe()).isZero();

      ExactSensorStream.assertFailureFreeRun(forecasts.readAll(), WINDOWS);
    }
  }

  private static void produce(int fromWindow, int toWindow) {
    ExactSensorStream.produce(kafka.bootstrapServers(), fromWindow, toWindow);
  }

  /** The forecasts topic, read committed as it fills. */
  private static final class Forecasts implements AutoCloseable {
    private final TopicPartition partition = new TopicPartition("forecasts", 0);
    private final KafkaConsumer<byte[], byte[]> committed = consumer("read_committed");
    private final KafkaConsumer<byte[], byte[]> uncommitted = consumer("read_uncommitted");
    private final List<Forecast> seen = new ArrayList<>();

    private KafkaConsumer<byte[], byte[]> consumer(String isolation) {
      KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation,
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
          new ByteArrayDeserializer(), new ByteArrayDeserializer());
      consumer.assign(List.of(partition));
      return consumer;
    }

    void awaitAtLeast(int count, JavaProcess job) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (seen.size() < count) {
        if (System.nanoTime() > deadline || !job.isAlive()) {
          throw new AssertionError(seen.size() + " of " + count + " forecasts\n" + job.describe());
        }
        poll();
      }
    }

    private void poll() throws IOException {
      for (ConsumerRecord<byte[], byte[]> record : committed.poll(Duration.ofMillis(200))) {
        seen.add(new SpecificDatumReader<>(Forecast.class)
            .read(null, DecoderFactory.get().binaryDecoder(record.value(), null)));
      }
    }

    /** Where read-committed readers can read up to now. */
    long lastStableOffset() {
      return committed.endOffsets(List.of(partition)).get(partition);
    }

    long endOffset() {
      return uncommitted.endOffsets(List.of(partition)).get(partition);
    }

    List<Forecast> readAll() throws IOException {
      long end = lastStableOffset();
      while (committed.position(partition) < end) {
        poll();
      }
      return seen;
    }

    @Override
    public void close() {
      committed.close();
      uncommitted.close();
    }
  }
}
