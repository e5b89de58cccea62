package io.flowcast.flink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.cluster.JavaProcess;
import io.flowcast.flink.forecast.ModelSource;
import io.flowcast.flink.ingest.SensorReadingCodec;
import io.flowcast.flink.job.CommandLineConfiguration;
import io.flowcast.flink.job.ForecastStage;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.model.CellType;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.ReplayForecast;
import io.flowcast.model.forecast.ReplayWindow;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorReplay;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.SensorReading;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
  private static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000L;
  private static final long WINDOW_MS = 60_000L;
  private static final int SENSORS = 8;
  private static final int READINGS_PER_WINDOW = 4;
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
    return List.of("job", "--state-dir", stateDir.toString(),
        "--kafka.bootstrap-servers", kafka.bootstrapServers(),
        "--source.starting-offsets", "earliest",
        "--window.size", "1 min",
        "--watermark.out-of-orderness", "1 s",
        "--watermark.idleness", "1 s",
        "--checkpoint.interval", "1 s",
        "--bundle.interval", "50 ms",
        "--forecast.warm-up-windows", "3");
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

      List<Forecast> committed = forecasts.readAll();
      Map<String, Forecast> byWindow = new HashMap<>();
      for (Forecast forecast : committed) {
        String key = forecast.getSensorId() + "@" + forecast.getWindowStart().toEpochMilli();
        assertThat(byWindow.put(key, forecast)).as("duplicate forecast " + key).isNull();
      }
      List<ReplayForecast> reference = failureFreeRun();
      assertThat(byWindow).hasSize(reference.size());
      for (ReplayForecast expected : reference) {
        Forecast actual = byWindow.get(expected.window().sensorId() + "@" + expected.window().start());
        assertThat(actual).as("forecast of %s", expected.window()).isNotNull();
        for (int k = 0; k < expected.forecasts().length; k++) {
          assertThat(actual.getForecasts().get(k)).isEqualTo((double) expected.forecasts()[k]);
        }
        assertThat(actual.getActual()).isEqualTo(expected.window().mean());
      }
    }
  }

  /** Exact in binary: every sum of a window's values is exact, whatever the order. */
  private static double value(int sensor, int window, int reading) {
    return 16 * (sensor + 1) + ((window * 7 + reading * 3 + sensor) % 17) / 8.0;
  }

  private static void produce(int fromWindow, int toWindow) {
    SensorReadingCodec codec = new SensorReadingCodec();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int w = fromWindow; w < toWindow; w++) {
        for (int r = 0; r < READINGS_PER_WINDOW; r++) {
          long eventTime = T0 + w * WINDOW_MS + r * (WINDOW_MS / READINGS_PER_WINDOW);
          for (int s = 0; s < SENSORS; s++) {
            producer.send(new ProducerRecord<>("readings", codec.encode(new SensorReading(
                "sensor-" + s, Instant.ofEpochMilli(eventTime), value(s, w, r), Map.of()))));
          }
        }
      }
      producer.flush();
    }
  }

  /** The same windows through the same per-sensor code, offline, without any restart. */
  private static List<ReplayForecast> failureFreeRun() throws Exception {
    List<String> arguments = jobArguments(Path.of("unused"));
    var config = CommandLineConfiguration.parse(arguments.subList(3, arguments.size()).toArray(String[]::new));
    ForecastSettings settings = ForecastStage.settings(config);
    SensorForecaster forecaster = new SensorForecaster(RecurrentNetwork.compile(
        ModelSource.fresh(CellType.LSTM, 32, 1, 42).load(settings)), settings, 64, StepEngines.java());
    List<ReplayWindow> windows = new ArrayList<>();
    for (int w = 0; w < WINDOWS; w++) {
      for (int s = 0; s < SENSORS; s++) {
        double sum = 0;
        for (int r = 0; r < READINGS_PER_WINDOW; r++) {
          sum += value(s, w, r);
        }
        long start = T0 + w * WINDOW_MS;
        windows.add(new ReplayWindow("sensor-" + s, start, start + WINDOW_MS, sum / READINGS_PER_WINDOW));
      }
    }
    return new SensorReplay(forecaster, GapPolicy.IMPUTE, 12).replay(windows);
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
