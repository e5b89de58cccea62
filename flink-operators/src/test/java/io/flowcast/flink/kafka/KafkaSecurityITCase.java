package io.flowcast.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.flink.cli.FlowcastCli;
import io.flowcast.flink.cluster.JavaProcess;
import io.flowcast.flink.dashboard.DashboardServer;
import io.flowcast.flink.dashboard.DashboardTopics;
import io.flowcast.flink.ingest.SensorReadingCodec;
import io.flowcast.flink.job.CommittedTopicReader;
import io.flowcast.flink.job.ExactSensorStream;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.SensorReading;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.JaasUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka security settings against the in-process broker with a SASL_PLAINTEXT listener (mechanism
 * PLAIN), which refuses a client without them: {@code flowcast job} (readings source with its
 * admin client, the forecasts, anomalies and dead-letter sinks, the announcements source of
 * {@code finetune.mode follow}), {@code flowcast model publish} (its reader and producer) and the
 * dashboard's reader all reach it with the {@code kafka.properties.*} settings alone. The job and
 * the publish run as processes logging at INFO, where Kafka's clients print their whole
 * configuration: the password is in no line of either.
 */
class KafkaSecurityITCase {
  private static final Path MODEL = Path.of("..", "examples", "demo-model.safetensors").toAbsolutePath();
  private static final int SENSORS = 3;
  private static final int WINDOWS = 12;
  private static final long SERVED_VERSION = 3;
  private static final long PUBLISHED_VERSION = 4;
  private static final String INFO_LOGS = "-Dorg.slf4j.simpleLogger.defaultLogLevel=info";

  private static EmbeddedKafka kafka;

  @TempDir Path work;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.startWithSaslPlain();
    kafka.createTopics("readings", "forecasts", "anomalies", "dead-letters", "model-checkpoints");
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aClientWithoutTheSettingsIsRefused() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000))) {
      assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class);
    }
  }

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void theJobAndTheCommandsReachTheBrokerWithTheSettingsAndNeverLogThePassword() throws Exception {
    produceReadings();
    try (JavaProcess job = flowcast("job", work.resolve("job.log"), jobArguments());
        CommittedTopicReader<Forecast> forecasts = new CommittedTopicReader<>(kafka.bootstrapServers(),
            kafka.clientSecurity(), "forecasts", Forecast.class)) {
      List<Forecast> read = new ArrayList<>(forecasts.read(SENSORS * (WINDOWS - 2), Duration.ofSeconds(120)));
      assertThat(read).as(job.describe()).hasSizeGreaterThanOrEqualTo(SENSORS * (WINDOWS - 2));
      assertThat(read).extracting(Forecast::getModelVersion).containsOnly(SERVED_VERSION);

      JavaProcess publish = flowcast("publish", work.resolve("publish.log"), publishArguments());
      assertThat(publish.waitFor(Duration.ofSeconds(60))).as(publish.describe()).isZero();
      awaitVersion(forecasts, job);

      assertSensorsOnTheDashboard();
      job.terminate();
      assertThat(job.waitFor(Duration.ofSeconds(120))).as(job.describe()).isZero();
      for (JavaProcess process : List.of(job, publish)) {
        assertThat(process.output())
            .as("Kafka's clients printed their configuration, the JAAS settings masked")
            .contains("sasl.jaas.config = [hidden]", "security.protocol = SASL_PLAINTEXT")
            .doesNotContain(JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD);
      }
    }
  }

  /** One more window at a time until a forecast names the published version: the job swapped it in. */
  private static void awaitVersion(CommittedTopicReader<Forecast> forecasts, JavaProcess job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    for (int window = WINDOWS; System.nanoTime() < deadline; window++) {
      produceWindow(window);
      if (forecasts.read(SENSORS, Duration.ofSeconds(2)).stream().anyMatch(f -> f.getModelVersion() == PUBLISHED_VERSION)) {
        return;
      }
    }
    throw new AssertionError("no forecast of version " + PUBLISHED_VERSION + "\n" + job.describe());
  }

  private static void assertSensorsOnTheDashboard() throws Exception {
    DashboardTopics topics = new DashboardTopics("forecasts", "anomalies", "dead-letters", "readings");
    try (DashboardServer dashboard = DashboardServer.start(kafka.bootstrapServers(), kafka.clientSecurity(), topics,
        new InetSocketAddress("127.0.0.1", 0), 60)) {
      HttpRequest stats = HttpRequest.newBuilder(dashboard.uri().resolve("/api/stats")).build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String body = "";
      while (System.nanoTime() < deadline && !body.contains("\"sensors\":" + SENSORS)) {
        body = HttpClient.newHttpClient().send(stats, HttpResponse.BodyHandlers.ofString()).body();
        Thread.sleep(200);
      }
      assertThat(body).as("the dashboard read the forecasts").contains("\"sensors\":" + SENSORS);
    }
  }

  private List<String> jobArguments() {
    List<String> arguments = new ArrayList<>(List.of("job", "--state-dir", work.resolve("state").toString()));
    arguments.addAll(ExactSensorStream.jobArguments(kafka.bootstrapServers()));
    arguments.addAll(List.of("--model.path", MODEL.toString(),
        "--model.version", Long.toString(SERVED_VERSION),
        "--finetune.mode", "follow",
        "--finetune.topic", "model-checkpoints"));
    arguments.addAll(securityArguments());
    return arguments;
  }

  private List<String> publishArguments() {
    List<String> arguments = new ArrayList<>(List.of("model", "publish", "--weights", MODEL.toString(),
        "--checkpoint-dir", work.resolve("checkpoints").toString(),
        "--bootstrap-servers", kafka.bootstrapServers(),
        "--topic", "model-checkpoints",
        "--version", Long.toString(PUBLISHED_VERSION)));
    arguments.addAll(securityArguments());
    return arguments;
  }

  private static List<String> securityArguments() {
    List<String> arguments = new ArrayList<>();
    kafka.clientSecurity().properties().forEach((key, value) -> arguments.addAll(List.of("--" + KafkaSecurity.PREFIX + key, value)));
    return arguments;
  }

  private static JavaProcess flowcast(String name, Path log, List<String> arguments) throws Exception {
    return JavaProcess.start("flowcast " + name, System.getProperty("java.class.path"),
        List.of("-Xmx768m", INFO_LOGS), FlowcastCli.class.getName(), arguments, Map.of(), log);
  }

  private static void produceReadings() {
    for (int w = 0; w < WINDOWS; w++) {
      produceWindow(w);
    }
  }

  private static void produceWindow(int window) {
    SensorReadingCodec codec = new SensorReadingCodec();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientSecurity().applyTo(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all")),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int s = 0; s < SENSORS; s++) {
        double value = 10 * (s + 1) * (1 + 0.2 * Math.sin(window / 4.0 + s));
        producer.send(new ProducerRecord<>("readings", codec.encode(new SensorReading(
            "sensor-" + s, Instant.ofEpochMilli(ExactSensorStream.T0 + window * ExactSensorStream.WINDOW_MS), value, Map.of()))));
      }
      producer.flush();
    }
  }
}
