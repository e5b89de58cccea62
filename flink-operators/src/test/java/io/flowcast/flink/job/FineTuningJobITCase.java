package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.finetune.CheckpointStore;
import io.flowcast.flink.finetune.ModelCheckpoints;
import io.flowcast.flink.finetune.TestModels;
import io.flowcast.flink.ingest.SensorReadingCodec;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.ModelCheckpoint;
import io.flowcast.schemas.SensorReading;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with {@code finetune.mode train} on a Flink mini cluster against an in-process Kafka
 * broker, driven in phases: the fine-tuner publishes versions while the job runs and the forecasts
 * switch to them without a restart; a garbage record, a hash-mismatched announcement and a NaN
 * checkpoint on the topic are rejected while forecasting goes on; stop-with-savepoint and a
 * restore keep serving the latest version and the version counter continues; a TaskManager killed
 * while a round trains neither loses nor reissues a version. At the end every announcement on the
 * topic has a strictly higher version than the one before, and its file has the announced hash.
 */
class FineTuningJobITCase {
  private static final String READINGS = "readings";
  private static final String CHECKPOINTS = "model-checkpoints";
  private static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000L;
  private static final long WINDOW_MS = 60_000L;
  private static final int SENSORS = 16;
  private static final int READINGS_PER_WINDOW = 2;
  private static final long INITIAL_VERSION = 1;
  private static final long FORGED_VERSION = 1_000_000;

  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK = MetricsMiniCluster.reportingTo(METRICS);

  private static EmbeddedKafka kafka;

  @TempDir Path checkpointDir;
  @TempDir Path savepoints;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(READINGS, "forecasts", "anomalies", "dead-letters", CHECKPOINTS);
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void publishesHotSwapsSurvivesSavepointsAndFailuresWithoutLosingOrReissuingAVersion(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    try (Topics topics = new Topics()) {
      // 1. versions are published during the run, and the forecasts switch to them
      JobClient job = start(null);
      produce(0, 80);
      awaitTrue("two versions announced", () -> topics.announcements().size() >= 2);
      long announced = topics.latestVersion();
      produce(80, 90);
      awaitTrue("forecasts of version " + announced, () -> topics.forecasts().stream()
          .anyMatch(f -> f.getModelVersion() >= announced));
      assertThat(topics.forecasts()).extracting(Forecast::getModelVersion).contains(INITIAL_VERSION);

      // 2. a garbage record, a forged hash and a NaN checkpoint are rejected; forecasting goes on
      topics.publishRaw(new byte[] {9, 9, 9});
      ModelCheckpoint latest = topics.announcements().get(topics.announcements().size() - 1);
      topics.publish(ModelCheckpoint.newBuilder(latest).setVersion(FORGED_VERSION).setSha256("0".repeat(64)).build());
      topics.publish(withNaN(latest, FORGED_VERSION + 1));
      int before = topics.forecasts().size();
      produce(90, 100);
      awaitTrue("forecasts after the bad announcements", () -> topics.forecasts().size() >= before + SENSORS * 5);
      assertThat(topics.forecasts()).extracting(Forecast::getModelVersion).allMatch(v -> v < FORGED_VERSION);
      awaitTrue("rejections counted", () -> counterSum(job.getJobID(), "\\.forecast\\..*modelRejections$") >= 2);
      assertThat(counterSum(job.getJobID(), "malformedAnnouncements$")).isPositive();

      // 3. stop with a savepoint, restore: the latest version serves at once and the counter goes on
      String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
          .get(60, TimeUnit.SECONDS);
      long servedAtStop = topics.latestLegitVersion();
      int forecastsAtStop = topics.forecasts().size();
      JobClient restored = start(savepoint);
      produce(100, 140);
      awaitTrue("forecasts after the restore", () -> topics.forecasts().size() > forecastsAtStop + SENSORS * 10);
      List<Forecast> afterRestore = topics.forecasts().subList(forecastsAtStop, topics.forecasts().size());
      assertThat(afterRestore.get(0).getModelVersion()).isGreaterThanOrEqualTo(servedAtStop);
      awaitTrue("a version after the restore", () -> topics.latestLegitVersion() > servedAtStop);

      // 4. a TaskManager dies while a round trains; the job recovers from its last checkpoint
      int resumeAt = produceUntil(140, 200, "a round in flight",
          () -> gaugeMax(restored.getJobID(), "\\.fine-tune\\..*roundInFlight$") == 1);
      cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
      cluster.startTaskManager();
      long versionsBeforeFailure = topics.latestLegitVersion();
      produce(resumeAt, 260);
      awaitTrue("a version after the failure", () -> topics.latestLegitVersion() > versionsBeforeFailure);
      restored.cancel().get(30, TimeUnit.SECONDS);

      List<ModelCheckpoint> all = topics.legitAnnouncements();
      for (int i = 1; i < all.size(); i++) {
        assertThat(all.get(i).getVersion()).as("announcement %d", i).isGreaterThan(all.get(i - 1).getVersion());
        assertThat(all.get(i).getParentVersion()).isLessThan(all.get(i).getVersion());
      }
      for (ModelCheckpoint announcement : all) {
        byte[] file = Files.readAllBytes(Path.of(URI.create(announcement.getUri().toString())));
        assertThat(CheckpointStore.sha256Hex(file)).isEqualTo(announcement.getSha256().toString());
      }
      assertThat(all.get(0).getVersion()).isEqualTo(INITIAL_VERSION + 1);
    }
  }

  private JobClient start(String savepoint) throws Exception {
    Configuration config = CommandLineConfiguration.parse(
        "--kafka.bootstrap-servers", kafka.bootstrapServers(),
        "--source.starting-offsets", "earliest",
        "--watermark.out-of-orderness", "1 s",
        "--watermark.idleness", "1 s",
        "--window.size", "1 min",
        "--model.path", Path.of("..", "examples", "demo-model.safetensors").toAbsolutePath().toString(),
        "--model.version", Long.toString(INITIAL_VERSION),
        "--forecast.warm-up-windows", "3",
        "--checkpoint.interval", "500 ms",
        "--finetune.mode", "train",
        "--finetune.checkpoint-dir", checkpointDir.toUri().toString(),
        "--finetune.retain", "1000",
        "--finetune.sequence-length", "8",
        "--finetune.burn-in", "4",
        "--finetune.min-samples", "16",
        "--finetune.validation-size", "8",
        "--finetune.round-samples", "16",
        "--finetune.round-interval", "1 s",
        "--finetune.batch-size", "8",
        "--finetune.epochs", "40",
        "--finetune.tolerance", "10",
        "--finetune.max-samples-per-second", "100000");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    if (savepoint != null) {
      Configuration restore = new Configuration();
      restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
      env.configure(restore);
    }
    ForecastJob.build(env, config);
    return env.executeAsync("fine-tuning-it");
  }

  private static void produce(int fromWindow, int toWindow) throws Exception {
    SensorReadingCodec codec = new SensorReadingCodec();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int w = fromWindow; w < toWindow; w++) {
        for (int r = 0; r < READINGS_PER_WINDOW; r++) {
          long eventTime = T0 + w * WINDOW_MS + r * (WINDOW_MS / READINGS_PER_WINDOW);
          for (int s = 0; s < SENSORS; s++) {
            double value = 10 * (s + 1) * (1 + 0.2 * Math.sin(w / 4.0 + s));
            producer.send(new ProducerRecord<>(READINGS,
                codec.encode(new SensorReading("sensor-" + s, Instant.ofEpochMilli(eventTime), value, Map.of()))));
          }
        }
      }
      producer.flush();
    }
  }

  /**
   * Produces windows one at a time from {@code fromWindow}, watching {@code condition} closely
   * after each (a round on a fast machine lasts a few milliseconds, and once the readings stop no
   * round starts); returns the window to resume from once it holds.
   */
  private static int produceUntil(int fromWindow, int toWindow, String what, BooleanSupplier condition)
      throws Exception {
    for (int w = fromWindow; w < toWindow; w++) {
      produce(w, w + 1);
      long deadline = System.nanoTime() + Duration.ofMillis(250).toNanos();
      while (System.nanoTime() < deadline) {
        if (condition.getAsBoolean()) {
          return w + 1;
        }
        Thread.sleep(1);
      }
    }
    throw new AssertionError("never saw " + what + " while windows " + fromWindow + ".." + toWindow + " arrived");
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** A copy of {@code announcement}'s file with a NaN weight, announced under its own hash as {@code version}. */
  private ModelCheckpoint withNaN(ModelCheckpoint announcement, long version) throws IOException {
    byte[] bytes = TestModels.withFirstWeightNaN(Files.readAllBytes(Path.of(URI.create(announcement.getUri().toString()))));
    Path file = Files.write(checkpointDir.resolve("poisoned.safetensors"), bytes);
    return ModelCheckpoint.newBuilder(announcement).setVersion(version).setUri(file.toUri().toString())
        .setSha256(CheckpointStore.sha256Hex(bytes)).build();
  }

  private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }

  private static long counterSum(JobID job, String pattern) {
    return METRICS.findMetrics(job, pattern).values().stream()
        .mapToLong(metric -> ((Counter) metric).getCount()).sum();
  }

  private static long gaugeMax(JobID job, String pattern) {
    return METRICS.findMetrics(job, pattern).values().stream()
        .mapToLong(metric -> ((Number) ((Gauge<?>) metric).getValue()).longValue()).max().orElse(0);
  }

  /** Committed records of the forecasts and checkpoints topics, read as they arrive. */
  private static final class Topics implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> forecastsConsumer = consumer("forecasts");
    private final KafkaConsumer<byte[], byte[]> checkpointsConsumer = consumer(CHECKPOINTS);
    private final KafkaProducer<byte[], byte[]> producer = producer();
    private final List<Forecast> forecasts = new ArrayList<>();
    private final List<ModelCheckpoint> announcements = new ArrayList<>();

    private static KafkaConsumer<byte[], byte[]> consumer(String topic) {
      KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
          new ByteArrayDeserializer(), new ByteArrayDeserializer());
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      return consumer;
    }

    List<Forecast> forecasts() {
      for (ConsumerRecord<byte[], byte[]> record : forecastsConsumer.poll(Duration.ofMillis(100))) {
        forecasts.add(decode(record.value(), Forecast.class));
      }
      return forecasts;
    }

    /** Every announcement that decodes (the garbage record does not), in topic order. */
    List<ModelCheckpoint> announcements() {
      for (ConsumerRecord<byte[], byte[]> record : checkpointsConsumer.poll(Duration.ofMillis(100))) {
        try {
          announcements.add(ModelCheckpoints.fromBytes(record.value()));
        } catch (IOException e) {
          // the garbage record this test wrote
        }
      }
      return announcements;
    }

    /** The fine-tuner's announcements: not the forged ones. */
    List<ModelCheckpoint> legitAnnouncements() {
      return announcements().stream().filter(a -> a.getVersion() < FORGED_VERSION).toList();
    }

    long latestVersion() {
      return announcements().stream().mapToLong(ModelCheckpoint::getVersion).max().orElse(0);
    }

    long latestLegitVersion() {
      return legitAnnouncements().stream().mapToLong(ModelCheckpoint::getVersion).max().orElse(0);
    }

    void publish(ModelCheckpoint announcement) throws Exception {
      publishRaw(ModelCheckpoints.toBytes(announcement));
    }

    void publishRaw(byte[] value) throws Exception {
      producer.send(new ProducerRecord<>(CHECKPOINTS, value)).get();
    }

    private static <T> T decode(byte[] value, Class<T> type) {
      try {
        return new org.apache.avro.specific.SpecificDatumReader<>(type)
            .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(value, null));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      forecastsConsumer.close();
      checkpointsConsumer.close();
      producer.close();
    }
  }
}
