package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowcast.flink.cluster.FlinkRunOutcome;
import io.flowcast.flink.cluster.StandaloneFlinkCluster;
import io.flowcast.flink.ingest.DeadLetterReason;
import io.flowcast.flink.ingest.SensorReadingCodec;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.model.step.StepEngines;
import io.flowcast.schemas.DeadLetter;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.SensorReading;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs the shaded job JAR (built by {@code package}, path in {@code flowcast.job.jar}) on a real
 * standalone cluster whose JVMs see only Flink's own jars: whatever the job needs beyond Flink must
 * come from the JAR. The tests share one cluster and run in order, so the later ones also check that
 * the same TaskManager runs job after job. The last ones deploy the real {@link ForecastJob} as
 * users do, {@code flink run -d <jar> --key value ...} with the manifest's entry point, against a
 * Kafka broker in this JVM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobJarITCase {
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
  private static final String CHECK_JOB = ClusterCheckJob.class.getName();
  private static final int STEPS = 64;

  private static final String READINGS = "readings";
  private static final String FORECASTS = "forecasts";
  private static final String ANOMALIES = "anomalies";
  private static final String DEAD_LETTERS = "dead-letters";
  /** Absolute, as users pass it: the TaskManager reads it from its own local disk. */
  private static final Path DEMO_MODEL =
      Path.of("..", "examples", "demo-model.safetensors").toAbsolutePath().normalize();
  private static final long MODEL_VERSION = 7;
  /** Start of the first window (a multiple of the window size), long past: only event time counts. */
  private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  private static final long WINDOW_MS = 60_000;
  private static final int WINDOWS = 4;
  private static final List<String> SENSORS = List.of("s1", "s2", "s3");
  /** Readings at 0, 20 and 40 s into each window. */
  private static final int READINGS_PER_WINDOW = 3;
  private static final int HORIZON = 3;

  private static StandaloneFlinkCluster cluster;
  private static EmbeddedKafka kafka;
  private static Path jobJar;
  private static Path workDir;

  @BeforeAll
  static void startCluster() throws Exception {
    String jar = System.getProperty("flowcast.job.jar");
    assertThat(jar).as("system property flowcast.job.jar (set by failsafe: run mvn verify)").isNotNull();
    jobJar = Path.of(jar);
    assertThat(jobJar).as("the shaded job JAR (mvn package builds it)").isRegularFile();
    Path base = Files.createDirectories(
        Path.of(System.getProperty("flowcast.cluster.work.dir", "target/flink-cluster")));
    workDir = Files.createTempDirectory(base, "JobJarITCase-");
    cluster = StandaloneFlinkCluster.start(workDir);
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stopClusterAndKafka() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** The step engines the JAR was built to bundle beside the built-in ones ({@code -Pnd4j}, ...). */
  private static List<String> bundledEngines() {
    String engines = System.getProperty("flowcast.job.bundled-engines", "").trim();
    return engines.isEmpty() ? List.of() : List.of(engines.split(","));
  }

  /**
   * The default JAR is lean: no ND4J, no JavaCPP natives, at most 25 MB; a JAR built with an engine
   * profile holds that engine and its service entry.
   */
  @Test
  @Order(0)
  void theJarHoldsExactlyTheEnginesItWasBuiltWith() throws IOException {
    List<String> bundled = bundledEngines();
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(jobJar.toFile())) {
      jar.stream().map(JarEntry::getName).forEach(names::add);
    }
    assertThat(names.stream().anyMatch(name -> name.startsWith("org/nd4j/")))
        .as("ND4J classes in the JAR").isEqualTo(bundled.contains(StepEngines.ND4J));
    assertThat(names.stream().anyMatch(name -> name.startsWith("org/bytedeco/openblas/") && name.endsWith(".so")))
        .as("OpenBLAS natives in the JAR").isEqualTo(bundled.contains(StepEngines.ND4J));
    assertThat(names.contains("io/flowcast/engine/cuda/flowcast_cells.ptx"))
        .as("the CUDA engine's kernels in the JAR").isEqualTo(bundled.contains(StepEngines.CUDA));
    if (bundled.isEmpty()) {
      assertThat(Files.size(jobJar)).as("bytes of the default job JAR").isLessThanOrEqualTo(25_000_000L);
      assertThat(names).doesNotContain("META-INF/services/io.flowcast.model.step.StepEngine");
    }
  }

  @Test
  @Order(1)
  void runsTheModelFromTheJarOnTheTaskManager() throws Exception {
    Path output = workDir.resolve("first.txt");

    String jobId = cluster.submit(jobJar, CHECK_JOB, "--output", output.toString(), "--steps", "" + STEPS);
    cluster.waitForStatus(jobId, "FINISHED", JOB_TIMEOUT);

    Map<String, String> result = readResult(output);
    assertThat(result).containsEntry("attempt", "0")
        .containsEntry("engine", StepEngines.JAVA)
        .containsEntry("loader", "org.apache.flink.util.ChildFirstClassLoader");
    assertForecastMatchesJava(result);
  }

  @Test
  @Order(2)
  void restartsAfterAnInjectedFailure() throws Exception {
    Path output = workDir.resolve("restarted.txt");
    Path marker = workDir.resolve("fail-once.marker");

    String jobId = cluster.submit(jobJar, CHECK_JOB,
        "--output", output.toString(), "--steps", "" + STEPS, "--fail-once-marker", marker.toString());
    cluster.waitForStatus(jobId, "FINISHED", JOB_TIMEOUT);

    assertThat(marker).exists();
    Map<String, String> result = readResult(output);
    assertThat(result).containsEntry("attempt", "1");
    assertForecastMatchesJava(result);
    JsonNode failures = cluster.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).path("stacktrace").asText()).contains("injected failure");
  }

  @Test
  @Order(3)
  void theSameTaskManagerRunsAnotherJob() throws Exception {
    Path output = workDir.resolve("again.txt");

    String jobId = cluster.submit(jobJar, CHECK_JOB, "--output", output.toString(), "--steps", "" + STEPS);
    cluster.waitForStatus(jobId, "FINISHED", JOB_TIMEOUT);

    assertForecastMatchesJava(readResult(output));
    assertThat(cluster.get("/taskmanagers").path("taskmanagers")).hasSize(1);
    assertThat(cluster.get("/jobs/overview").path("jobs"))
        .filteredOn(job -> job.path("state").asText().equals("FINISHED"))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  /**
   * Readings of three sensors over four 1-minute windows, a malformed record, and one reading an
   * hour later whose watermark closes all four windows; the job's source never ends, so the test
   * cancels it once the forecasts are committed.
   */
  @Test
  @Order(4)
  void runsTheForecastJobFromTheManifestAgainstKafka() throws Exception {
    kafka.createTopics(READINGS, FORECASTS, ANOMALIES, DEAD_LETTERS);
    byte[] malformed = "definitely not avro".getBytes(StandardCharsets.UTF_8);
    long malformedOffset;
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      SensorReadingCodec codec = new SensorReadingCodec();
      for (int window = 0; window < WINDOWS; window++) {
        for (int step = 0; step < READINGS_PER_WINDOW; step++) {
          for (int sensor = 0; sensor < SENSORS.size(); sensor++) {
            long eventTime = T0 + window * WINDOW_MS + step * 20_000L;
            send(producer, codec.encode(reading(sensor, eventTime, valueOf(sensor, window, step))));
          }
        }
      }
      malformedOffset = send(producer, malformed);
      send(producer, codec.encode(reading(0, T0 + 60 * WINDOW_MS, 0.0)));
    }

    String jobId = cluster.submit(jobJar, List.of(
        "--kafka.bootstrap-servers", kafka.bootstrapServers(),
        "--kafka.topic.readings", READINGS,
        "--kafka.topic.forecasts", FORECASTS,
        "--kafka.topic.anomalies", ANOMALIES,
        "--kafka.topic.dead-letters", DEAD_LETTERS,
        "--window.size", "1 min",
        "--model.path", DEMO_MODEL.toString(),
        "--model.version", Long.toString(MODEL_VERSION),
        "--checkpoint.interval", "1 s",
        "--job.name", "forecast-job-it"));
    List<Forecast> forecasts;
    List<DeadLetter> deadLetters;
    try (CommittedTopicReader<Forecast> forecastsTopic =
            new CommittedTopicReader<>(kafka.bootstrapServers(), FORECASTS, Forecast.class);
        CommittedTopicReader<DeadLetter> deadLettersTopic =
            new CommittedTopicReader<>(kafka.bootstrapServers(), DEAD_LETTERS, DeadLetter.class)) {
      forecasts = new ArrayList<>(forecastsTopic.read(SENSORS.size() * WINDOWS, JOB_TIMEOUT));
      deadLetters = new ArrayList<>(deadLettersTopic.read(1, JOB_TIMEOUT));
      assertThat(cluster.get("/jobs/" + jobId).path("state").asText()).isEqualTo("RUNNING");
      assertThat(cluster.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries"))
          .as("failures of the running job").isEmpty();
      cluster.cancel(jobId, JOB_TIMEOUT);
      forecasts.addAll(forecastsTopic.readRest());
      deadLetters.addAll(deadLettersTopic.readRest());
    }
    try (CommittedTopicReader<Forecast> anomaliesTopic =
        new CommittedTopicReader<>(kafka.bootstrapServers(), ANOMALIES, Forecast.class)) {
      assertThat(anomaliesTopic.readRest()).as("anomalies of sensors still warming up").isEmpty();
    }

    assertForecasts(forecasts);
    assertThat(deadLetters).singleElement().satisfies(deadLetter -> {
      assertThat(deadLetter.getReason()).isEqualTo(DeadLetterReason.MALFORMED_AVRO.name());
      assertThat(deadLetter.getSourceTopic()).isEqualTo(READINGS);
      assertThat(deadLetter.getOffset()).isEqualTo(malformedOffset);
      assertThat(deadLetter.getRawValue()).isEqualTo(ByteBuffer.wrap(malformed));
    });
  }

  @Test
  @Order(5)
  void theForecastJobRejectsAnUnknownOptionByName() throws Exception {
    FlinkRunOutcome outcome = cluster.run(jobJar, List.of("--window.sise", "1 min"));

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.output()).contains("unknown option 'window.sise'").doesNotContain("Job has been submitted");
  }

  /** A JAR built with {@code -Pnd4j} runs the nd4j engine (ND4J and OpenBLAS from the JAR) on the TaskManager. */
  @Test
  @Order(7)
  void anNd4jJarRunsTheNd4jEngineOnTheTaskManager() throws Exception {
    Assumptions.assumeTrue(bundledEngines().contains(StepEngines.ND4J), "this job JAR bundles no nd4j engine (-Pnd4j)");
    Path output = workDir.resolve("nd4j.txt");

    String jobId = cluster.submit(jobJar, CHECK_JOB,
        "--output", output.toString(), "--steps", "" + STEPS, "--engine", StepEngines.ND4J);
    cluster.waitForStatus(jobId, "FINISHED", JOB_TIMEOUT);

    Map<String, String> result = readResult(output);
    assertThat(result).containsEntry("engine", StepEngines.ND4J);
    assertForecastMatchesJava(result);
  }

  /** Asking for an engine that is not in the JAR fails {@code flink run}, naming the module. */
  @Test
  @Order(6)
  void anEngineMissingFromTheJarFailsTheJobAtStart() throws Exception {
    Assumptions.assumeFalse(bundledEngines().contains(StepEngines.ND4J), "this job JAR bundles the nd4j engine");

    FlinkRunOutcome outcome = cluster.run(jobJar, List.of("--model.engine", "nd4j"));

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.output())
        .contains("no step engine 'nd4j' on the classpath (available: java, auto")
        .contains("flowcast-engine-nd4j")
        .doesNotContain("Job has been submitted");
  }

  /**
   * One forecast per sensor and window, each of the window's mean, stamped with the model version
   * and chained: from the second window on, a forecast's residual is its actual minus the previous
   * window's one-step forecast.
   */
  private static void assertForecasts(List<Forecast> forecasts) {
    Map<String, Forecast> byWindow = new HashMap<>();
    for (Forecast forecast : forecasts) {
      String key = forecast.getSensorId() + "@" + forecast.getWindowStart().toEpochMilli();
      assertThat(byWindow.put(key, forecast)).as("another forecast for " + key).isNull();
    }
    assertThat(byWindow).hasSize(SENSORS.size() * WINDOWS);
    for (int sensor = 0; sensor < SENSORS.size(); sensor++) {
      Forecast previous = null;
      for (int window = 0; window < WINDOWS; window++) {
        long start = T0 + window * WINDOW_MS;
        Forecast forecast = byWindow.get(SENSORS.get(sensor) + "@" + start);
        assertThat(forecast).as(SENSORS.get(sensor) + " window " + window).isNotNull();
        assertThat(forecast.getWindowEnd().toEpochMilli()).isEqualTo(start + WINDOW_MS);
        assertThat(forecast.getActual()).isCloseTo(valueOf(sensor, window, 1), within(1e-9));
        assertThat(forecast.getModelVersion()).isEqualTo(MODEL_VERSION);
        assertThat(forecast.getAnomaly()).isFalse();
        assertInterval(forecast);
        if (previous == null) {
          assertThat(forecast.getResidual()).isNull();
        } else {
          assertThat(forecast.getResidual())
              .isCloseTo(forecast.getActual() - previous.getForecasts().get(0), within(1e-3));
        }
        previous = forecast;
      }
    }
  }

  private static void assertInterval(Forecast forecast) {
    assertThat(forecast.getForecasts()).hasSize(HORIZON).allSatisfy(value -> assertThat(value).isFinite());
    assertThat(forecast.getLower()).hasSize(HORIZON);
    assertThat(forecast.getUpper()).hasSize(HORIZON);
    for (int k = 0; k < HORIZON; k++) {
      assertThat(forecast.getForecasts().get(k)).as("forecast %d of %s", k, forecast)
          .isBetween(forecast.getLower().get(k), forecast.getUpper().get(k));
    }
  }

  /** Distinct per sensor, window and step; step 1 is the window's mean. */
  private static double valueOf(int sensor, int window, int step) {
    return 20.0 * (sensor + 1) + window + 0.5 * step;
  }

  private static SensorReading reading(int sensor, long eventTime, double value) {
    return new SensorReading(SENSORS.get(sensor), Instant.ofEpochMilli(eventTime), value, Map.of());
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends one record to the readings partition and returns its offset. */
  private static long send(KafkaProducer<byte[], byte[]> producer, byte[] value)
      throws InterruptedException, ExecutionException {
    return producer.send(new ProducerRecord<>(READINGS, 0, null, value)).get().offset();
  }

  /** The job's one output line as key=value pairs. */
  private static Map<String, String> readResult(Path output) throws IOException {
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).as("lines of " + output).hasSize(1);
    Map<String, String> result = new HashMap<>();
    for (String pair : lines.get(0).split(" ")) {
      String[] keyValue = pair.split("=", 2);
      result.put(keyValue[0], keyValue[1]);
    }
    return result;
  }

  /** The engine on the TaskManager and the Java engine here step the same LSTM to the same forecasts. */
  private static void assertForecastMatchesJava(Map<String, String> result) {
    assertThat(result).containsEntry("steps", "" + STEPS);
    String[] reported = result.get("forecast").split(",");
    float[] expected = CheckModel.forecast(STEPS, StepEngines.java());
    assertThat(reported).hasSize(expected.length);
    for (int key = 0; key < expected.length; key++) {
      assertThat(Float.parseFloat(reported[key])).as("forecast of key " + key).isCloseTo(expected[key], within(1e-5f));
    }
  }
}
