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
import java.util.Set;
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
 * the same TaskManager runs job after job. The later ones deploy the real {@link ForecastJob} as
 * users do, {@code flink run -d <jar> --key value ...} with the manifest's entry point, against a
 * Kafka broker in this JVM. The last ones feed it {@link ExactSensorStream} with checkpoints every
 * second and inject a failure mid-stream (readings an hour and more in the future, an operator that
 * throws once, the TaskManager killed and replaced): each time the committed forecasts must be
 * exactly those of a failure-free run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobJarITCase {
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
  /** For a job that restarts: a lost TaskManager noticed, a new one registered, the state restored. */
  private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(150);
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

  /** {@link ExactSensorStream} windows of the failure scenarios, a checkpoint after the first half. */
  private static final int EXACT_WINDOWS = 16;
  private static final int EXACT_HALF = EXACT_WINDOWS / 2;
  private static final int EXACT_SENSORS = ExactSensorStream.SENSORS;

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
   * Readings stamped an hour, a day and a year ahead of the wall clock, in the middle of the stream
   * (two of known sensors, one of a new one): the broker would refuse a forecast stamped so (and
   * once, a sink's refusal crashed the TaskManager). Each is a {@code FUTURE_EVENT_TIME} dead letter
   * with its coordinates and bytes, the job never restarts, and the committed forecasts are exactly
   * those of the stream without them: the future readings moved no watermark and touched no
   * sensor's state.
   */
  @Test
  @Order(8)
  void readingsAnHourAndMoreInTheFutureAreDeadLettersAndChangeNoForecast() throws Exception {
    try (ExactStreamJob job = ExactStreamJob.submit("future-readings-it", List.of())) {
      job.produce(0, EXACT_HALF);
      Instant now = Instant.now();
      List<SensorReading> future = List.of(
          new SensorReading("sensor-3", now.plus(Duration.ofHours(1)), 17.0, Map.of()),
          new SensorReading("sensor-5", now.plus(Duration.ofDays(1)), 1e6, Map.of()),
          new SensorReading("sensor-from-the-future", now.plus(Duration.ofDays(365)), 1.0, Map.of()));
      List<Long> offsets = ExactSensorStream.produce(job.brokers(), future);
      job.produce(EXACT_HALF, EXACT_WINDOWS);
      job.closeWindows(EXACT_WINDOWS);

      List<DeadLetter> deadLetters;
      try (CommittedTopicReader<DeadLetter> deadLettersTopic =
          new CommittedTopicReader<>(job.brokers(), DEAD_LETTERS, DeadLetter.class)) {
        job.awaitForecasts(EXACT_SENSORS * EXACT_WINDOWS, JOB_TIMEOUT);
        deadLetters = new ArrayList<>(deadLettersTopic.read(future.size(), JOB_TIMEOUT));
        assertThat(job.failures()).as("failures of the job").isEmpty();
        List<Forecast> forecasts = job.cancel();
        deadLetters.addAll(deadLettersTopic.readRest());
        ExactSensorStream.assertFailureFreeRun(forecasts, EXACT_WINDOWS);
      }
      SensorReadingCodec codec = new SensorReadingCodec();
      assertThat(deadLetters).hasSameSizeAs(future);
      for (int i = 0; i < future.size(); i++) {
        DeadLetter deadLetter = deadLetters.get(i);
        assertThat(deadLetter.getReason()).isEqualTo(DeadLetterReason.FUTURE_EVENT_TIME.name());
        assertThat(deadLetter.getSourceTopic()).isEqualTo(READINGS);
        assertThat(deadLetter.getOffset()).isEqualTo(offsets.get(i));
        assertThat(deadLetter.getRawValue()).isEqualTo(ByteBuffer.wrap(codec.encode(future.get(i))));
      }
    }
  }

  /**
   * The forecasting operator throws once, in the middle of the stream's second half: a step engine
   * plug-in ({@link FailOnceStepEngine}, added with {@code flink run -C}; the job JAR has no such
   * hook) fails the step that passes two windows after the last checkpointed one. The job restarts
   * from that checkpoint, steps the second half again from the restored sensor states, and commits
   * exactly the forecasts of a failure-free run.
   */
  @Test
  @Order(9)
  void anOperatorThatThrowsOnceMidStreamLosesAndDuplicatesNothing() throws Exception {
    Path marker = workDir.resolve("forecast-fail-once.marker");
    long afterKeySteps = (long) EXACT_SENSORS * (EXACT_HALF + 2);
    Path plugIn = FailOnceStepEngine.writePlugIn(workDir.resolve("fail-once-engine.jar"), marker, afterKeySteps);

    try (ExactStreamJob job = ExactStreamJob.submit("operator-failure-it", List.of(plugIn),
        "--model.engine", FailOnceStepEngine.NAME)) {
      job.produce(0, EXACT_HALF);
      job.awaitForecasts(EXACT_SENSORS * (EXACT_HALF - 1), JOB_TIMEOUT); // committed: a checkpoint holds them
      assertThat(marker).as("no failure before the second half").doesNotExist();
      job.produce(EXACT_HALF, EXACT_WINDOWS);
      job.closeWindows(EXACT_WINDOWS);

      job.awaitForecasts(EXACT_SENSORS * EXACT_WINDOWS, RECOVERY_TIMEOUT);
      assertThat(marker).exists();
      assertThat(job.awaitFailures(JOB_TIMEOUT)).singleElement()
          .satisfies(failure -> assertThat(failure.path("stacktrace").asText())
              .contains("injected failure after " + afterKeySteps + " key-steps"));
      ExactSensorStream.assertFailureFreeRun(job.cancel(), EXACT_WINDOWS);
    }
  }

  /**
   * The TaskManager killed with SIGKILL once forecasts of the second half of the stream are written
   * in a transaction that is still open, and a new TaskManager started: the job restores the last
   * checkpoint on it and its committed forecasts are exactly those of a failure-free run. Last,
   * since the later tests would run on the new TaskManager.
   */
  @Test
  @Order(10)
  void aTaskManagerKilledMidStreamAndReplacedLosesAndDuplicatesNothing() throws Exception {
    try (ExactStreamJob job = ExactStreamJob.submit("taskmanager-kill-it", List.of())) {
      job.produce(0, EXACT_HALF);
      job.awaitForecasts(EXACT_SENSORS * (EXACT_HALF - 1), JOB_TIMEOUT); // committed: a checkpoint holds them
      JsonNode taskManagers = cluster.get("/taskmanagers").path("taskmanagers");
      assertThat(taskManagers).hasSize(1);
      String killed = taskManagers.get(0).path("id").asText();
      job.produce(EXACT_HALF, EXACT_WINDOWS);
      job.awaitUncommittedForecasts(JOB_TIMEOUT);
      cluster.killTaskManager();
      cluster.startTaskManager();
      job.closeWindows(EXACT_WINDOWS);

      job.awaitForecasts(EXACT_SENSORS * EXACT_WINDOWS, RECOVERY_TIMEOUT);
      assertThat(job.awaitFailures(JOB_TIMEOUT)).as("failures of the job").isNotEmpty()
          .allSatisfy(failure -> assertThat(failure.path("stacktrace").asText()).contains(killed));
      ExactSensorStream.assertFailureFreeRun(job.cancel(), EXACT_WINDOWS);
    }
  }

  /**
   * The forecast job from the JAR on {@link ExactSensorStream} (its options, checkpoints every
   * second), against a broker of its own, so that its topics and transactional ids meet no other
   * job's; its committed forecasts are read as they come. Closing it cancels the job if it still
   * runs and stops the broker.
   */
  private static final class ExactStreamJob implements AutoCloseable {
    private final EmbeddedKafka broker;
    private final CommittedTopicReader<Forecast> forecastsTopic;
    private final List<Forecast> forecasts = new ArrayList<>();
    private final String jobId;

    private ExactStreamJob(EmbeddedKafka broker, String jobId) {
      this.broker = broker;
      this.jobId = jobId;
      this.forecastsTopic = new CommittedTopicReader<>(broker.bootstrapServers(), FORECASTS, Forecast.class);
    }

    /**
     * Starts a broker with the job's topics and submits the job.
     *
     * @param userClasspath plug-in JARs for {@code flink run -C}
     * @param options more job options, after the stream's
     */
    static ExactStreamJob submit(String name, List<Path> userClasspath, String... options) throws Exception {
      EmbeddedKafka broker = EmbeddedKafka.start();
      try {
        broker.createTopics(READINGS, FORECASTS, ANOMALIES, DEAD_LETTERS);
        List<String> args = new ArrayList<>(ExactSensorStream.jobArguments(broker.bootstrapServers()));
        args.addAll(List.of("--job.name", name));
        args.addAll(List.of(options));
        return new ExactStreamJob(broker, cluster.submit(jobJar, userClasspath, args));
      } catch (Exception | AssertionError e) {
        broker.close();
        throw e;
      }
    }

    String brokers() {
      return broker.bootstrapServers();
    }

    /** Produces the stream's windows {@code from} (inclusive) to {@code to} (exclusive). */
    void produce(int from, int to) {
      ExactSensorStream.produce(brokers(), from, to);
    }

    /** Produces one window of readings well after {@code windows}: it closes every window before. */
    void closeWindows(int windows) {
      produce(windows + 5, windows + 6);
    }

    /**
     * Reads committed forecasts until there are at least {@code count}.
     *
     * @throws AssertionError with the job's failures if the job ends or {@code timeout} passes first
     */
    void awaitForecasts(int count, Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (forecasts.size() < count) {
        String state = cluster.get("/jobs/" + jobId).path("state").asText();
        if (System.nanoTime() > deadline || state.equals("FAILED") || state.equals("CANCELED")) {
          throw new AssertionError(forecasts.size() + " of " + count + " forecasts committed; the job is "
              + state + "; its failures: " + failures());
        }
        forecasts.addAll(forecastsTopic.read(count - forecasts.size(), Duration.ofSeconds(1)));
      }
    }

    /** Waits until the job has written forecasts in a transaction that is still open. */
    void awaitUncommittedForecasts(Duration timeout) throws Exception {
      OpenTransactions.await(brokers(), FORECASTS, timeout, this::failuresOrWhyNot);
    }

    private Object failuresOrWhyNot() {
      try {
        return failures();
      } catch (Exception e) {
        return "(unknown: " + e + ")";
      }
    }

    /** The job's exception history: one entry a failure (and restart), oldest last. */
    JsonNode failures() throws Exception {
      return cluster.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    }

    /**
     * The job's exception history once it holds a failure, or as it is after {@code timeout}: the
     * REST endpoint serves a cached execution graph for up to {@code web.refresh-interval} (3 s),
     * so right after a quick recovery it may not show the failure yet.
     */
    JsonNode awaitFailures(Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      JsonNode failures = failures();
      while (failures.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(200);
        failures = failures();
      }
      return failures;
    }

    /** Cancels the job and returns every forecast it committed. */
    List<Forecast> cancel() throws Exception {
      cluster.cancel(jobId, JOB_TIMEOUT);
      forecasts.addAll(forecastsTopic.readRest());
      return forecasts;
    }

    @Override
    public void close() throws Exception {
      try {
        if (!Set.of("FINISHED", "FAILED", "CANCELED").contains(cluster.get("/jobs/" + jobId).path("state").asText())) {
          cluster.cancel(jobId, JOB_TIMEOUT); // a test that failed early: free the slot for the next
        }
      } finally {
        forecastsTopic.close();
        broker.close();
      }
    }
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
