package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.flink.ingest.SensorReadingCodec;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.schemas.DeadLetter;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.SensorReading;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a Flink mini cluster against an in-process Kafka broker, with the bundled
 * pretrained model, generic types off and exactly-once sinks: Avro readings of four sensors over
 * twelve one-minute windows, a malformed record, and one window of one sensor a hundred times its
 * usual level. Every closed window must come out as a forecast with its exact mean, the spike
 * also on the anomalies topic, and the malformed record as a dead letter.
 */
class ForecastJobITCase {
  private static final String READINGS = "readings";
  private static final String FORECASTS = "forecasts";
  private static final String ANOMALIES = "anomalies";
  private static final String DEAD_LETTERS = "dead-letters";
  private static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000L;
  private static final long WINDOW_MS = 60_000L;
  private static final int WINDOWS = 12;
  private static final int READINGS_PER_WINDOW = 6;
  private static final List<String> SENSORS = List.of("boiler-1", "boiler-2", "pump-7", "fan-3");
  private static final String SPIKED_SENSOR = "pump-7";
  private static final int SPIKED_WINDOW = 10;
  private static final long MODEL_VERSION = 7;

  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK = MetricsMiniCluster.reportingTo(METRICS);

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(READINGS, FORECASTS, ANOMALIES, DEAD_LETTERS);
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void readingsBecomeForecastsAnomaliesAndDeadLetters() throws Exception {
    produceReadings();

    Configuration config = jobConfig();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.configure(rocksDbAsInDockerCompose());
    ForecastJob.build(env, config, ReadingsSource.builder(config).setBounded(OffsetsInitializer.latest()).build());
    assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
    JobClient job = env.executeAsync("forecast-job-it");
    job.getJobExecutionResult().get(120, TimeUnit.SECONDS);

    List<Forecast> forecasts = read(FORECASTS, Forecast.class, SENSORS.size() * WINDOWS);
    forecasts.sort(Comparator.comparing(Forecast::getSensorId).thenComparing(Forecast::getWindowStart));
    for (int s = 0; s < SENSORS.size(); s++) {
      for (int w = 0; w < WINDOWS; w++) {
        Forecast forecast = forecasts.get(s * WINDOWS + w);
        String sensor = forecast.getSensorId();
        assertThat(sensor).isEqualTo(SENSORS.stream().sorted().toList().get(s));
        assertThat(forecast.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + w * WINDOW_MS));
        assertThat(forecast.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + (w + 1) * WINDOW_MS));
        assertThat(forecast.getActual()).isCloseTo(windowMean(sensor, w), within(1e-9));
        assertThat(forecast.getModelVersion()).isEqualTo(MODEL_VERSION);
        assertThat(forecast.getMissedWindows()).isZero();
        assertThat(forecast.getWindowClosedAt()).isNotNull();
        assertThat(forecast.getForecasts()).hasSize(3);
        for (int k = 0; k < 3; k++) {
          assertThat(forecast.getLower().get(k)).isLessThanOrEqualTo(forecast.getForecasts().get(k));
          assertThat(forecast.getUpper().get(k)).isGreaterThanOrEqualTo(forecast.getForecasts().get(k));
        }
        if (w == 0) {
          assertThat(forecast.getResidual()).as("first window of %s", sensor).isNull();
        } else {
          assertThat(forecast.getResidual()).as("%s window %d", sensor, w).isNotNull();
        }
      }
    }
    Forecast spike = forecasts.get(SENSORS.stream().sorted().toList().indexOf(SPIKED_SENSOR) * WINDOWS + SPIKED_WINDOW);
    assertThat(spike.getAnomaly()).as("the spike is flagged: %s", spike).isTrue();

    List<Forecast> flagged = forecasts.stream().filter(Forecast::getAnomaly).toList();
    List<Forecast> anomalies = read(ANOMALIES, Forecast.class, flagged.size());
    assertThat(anomalies).containsExactlyInAnyOrderElementsOf(flagged);

    List<DeadLetter> deadLetters = read(DEAD_LETTERS, DeadLetter.class, 1);
    assertThat(deadLetters.get(0).getReason()).isEqualTo("MALFORMED_AVRO");
    assertThat(counterSum(job, "\\.forecasts$")).isEqualTo(SENSORS.size() * WINDOWS);
    assertThat(gaugeValues(job, "\\.modelVersion$")).isNotEmpty().allMatch(v -> v.longValue() == MODEL_VERSION);
    assertThat(gaugeValues(job, "\\.stepTimeMicrosPerWindow$")).isNotEmpty().allMatch(v -> v.doubleValue() >= 0).anyMatch(v -> v.doubleValue() > 0);
    assertThat(gaugeValues(job, "\\.forecastLatencyMillis$")).isNotEmpty().allMatch(v -> v.longValue() >= 0);
    assertThat(GrafanaDashboardQueries.metricNames()).as("metrics the Grafana dashboard queries").isNotEmpty()
        .isSubsetOf(PrometheusNames.of(METRICS));
  }

  /**
   * The state backend of docker-compose.yml's cluster, with RocksDB's key estimate on, so that the
   * Grafana board's "sensors in keyed state" metric is registered here too.
   */
  private static Configuration rocksDbAsInDockerCompose() {
    Configuration backend = new Configuration();
    backend.setString("state.backend.type", "rocksdb");
    backend.setString("state.backend.rocksdb.metrics.estimate-num-keys", "true");
    return backend;
  }

  private static Configuration jobConfig() {
    Configuration config = CommandLineConfiguration.parse(
        "--kafka.bootstrap-servers", kafka.bootstrapServers(),
        "--source.starting-offsets", "earliest",
        "--watermark.out-of-orderness", "1 s",
        "--watermark.idleness", "0 s",
        "--window.size", "1 min",
        "--model.path", Path.of("..", "examples", "demo-model.safetensors").toAbsolutePath().toString(),
        "--model.version", Long.toString(MODEL_VERSION),
        "--forecast.warm-up-windows", "3",
        "--checkpoint.interval", "500 ms");
    return config;
  }

  /** A smooth daily-ish signal per sensor; the spiked window is a hundred times higher. */
  private static double value(String sensor, int window, int reading) {
    double level = 10 * (SENSORS.indexOf(sensor) + 1);
    double value = level * (1 + 0.1 * Math.sin((window * READINGS_PER_WINDOW + reading) / 20.0));
    return sensor.equals(SPIKED_SENSOR) && window == SPIKED_WINDOW ? 100 * value : value;
  }

  private static double windowMean(String sensor, int window) {
    double sum = 0;
    for (int r = 0; r < READINGS_PER_WINDOW; r++) {
      sum += value(sensor, window, r);
    }
    return sum / READINGS_PER_WINDOW;
  }

  private static void produceReadings() throws Exception {
    SensorReadingCodec codec = new SensorReadingCodec();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int w = 0; w < WINDOWS; w++) {
        for (int r = 0; r < READINGS_PER_WINDOW; r++) {
          long eventTime = T0 + w * WINDOW_MS + r * (WINDOW_MS / READINGS_PER_WINDOW);
          for (String sensor : SENSORS) {
            SensorReading reading = new SensorReading(sensor, Instant.ofEpochMilli(eventTime), value(sensor, w, r), Map.of());
            producer.send(new ProducerRecord<>(READINGS, codec.encode(reading)));
          }
        }
        if (w == 5) {
          producer.send(new ProducerRecord<>(READINGS, new byte[] {1, 2, 3}));
        }
      }
      producer.flush();
    }
  }

  /** Reads {@code expected} committed records from a topic (30 s at most), and checks no more follow. */
  private static <T> List<T> read(String topic, Class<T> type, int expected) {
    try (CommittedTopicReader<T> reader = new CommittedTopicReader<>(kafka.bootstrapServers(), topic, type)) {
      List<T> records = new ArrayList<>(reader.read(expected, Duration.ofSeconds(30)));
      records.addAll(reader.readRest());
      assertThat(records).as(topic).hasSize(expected);
      return records;
    }
  }

  /** The last values of the gauges matching {@code pattern}, one per subtask. */
  private static List<Number> gaugeValues(JobClient job, String pattern) {
    return METRICS.findMetrics(job.getJobID(), pattern).values().stream()
        .map(metric -> (Number) ((Gauge<?>) metric).getValue())
        .toList();
  }

  private static long counterSum(JobClient job, String pattern) {
    return METRICS.findMetrics(job.getJobID(), pattern).values().stream()
        .mapToLong(metric -> ((Counter) metric).getCount())
        .sum();
  }
}
