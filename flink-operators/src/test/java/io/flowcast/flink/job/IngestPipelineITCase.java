package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.ingest.DeadLetterReason;
import io.flowcast.flink.ingest.SensorReadingCodec;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.schemas.DeadLetter;
import io.flowcast.schemas.SensorReading;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole ingestion graph against an in-process Kafka broker, with exactly-once dead letters and
 * Kryo disabled. Three sensors send five readings into each of three 10 s windows (the 8 s reading
 * of each window before the 6 s one), mixed with one record of each kind of bad input. Once the
 * first two windows have closed, a reading for the first window arrives: it must be dead-lettered
 * as LATE. A reading stamped an hour ahead of the wall clock is a FUTURE_EVENT_TIME dead letter and
 * moves no watermark, and a fourth sensor is refused as TOO_MANY_SENSORS (state.max-sensors 3). The source stops after that record, which closes the last window.
 */
class IngestPipelineITCase {
  private static final String READINGS = "readings";
  private static final String DEAD_LETTERS = "dead-letters";
  private static final TopicPartition READINGS_PARTITION = new TopicPartition(READINGS, 0);
  /** Start of the first window (a multiple of the window size). */
  private static final long T0 = 1_700_000_000_000L;
  private static final long WINDOW_MS = 10_000L;
  private static final int WINDOWS = 3;
  private static final List<String> SENSORS = List.of("s1", "s2", "s3");
  /** Readings at 0, 2, 4, 6 and 8 s into a window, produced in this order of step. */
  private static final int[] STEP_ORDER = {0, 1, 2, 4, 3};

  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK = MetricsMiniCluster.reportingTo(METRICS);

  private static EmbeddedKafka kafka;

  private final SensorReadingCodec codec = new SensorReadingCodec();

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics(READINGS, DEAD_LETTERS);
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void windowsValidReadingsAndDeadLettersEverythingElse() throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      Map<DeadLetterReason, Long> offsets = new EnumMap<>(DeadLetterReason.class);
      byte[] malformed = "definitely not avro".getBytes(StandardCharsets.UTF_8);
      for (int window = 0; window < WINDOWS; window++) {
        for (int step : STEP_ORDER) {
          for (int sensor = 0; sensor < SENSORS.size(); sensor++) {
            long eventTime = T0 + window * WINDOW_MS + step * 2_000L;
            send(producer, reading(SENSORS.get(sensor), eventTime, valueOf(sensor, window, step)));
          }
        }
        if (window == 0) {
          offsets.put(DeadLetterReason.MALFORMED_AVRO, send(producer, malformed));
          offsets.put(DeadLetterReason.NULL_VALUE, send(producer, null));
        } else if (window == 1) {
          offsets.put(DeadLetterReason.NON_FINITE_VALUE,
              send(producer, reading("s2", T0 + WINDOW_MS + 3_000, Double.NaN)));
          offsets.put(DeadLetterReason.MISSING_SENSOR_ID, send(producer, reading(" ", T0 + WINDOW_MS + 3_000, 1.0)));
          offsets.put(DeadLetterReason.INVALID_EVENT_TIME, send(producer, reading("s3", -1_000, 1.0)));
          // An hour and more ahead of the wall clock: accepted, it would make every later reading LATE.
          offsets.put(DeadLetterReason.FUTURE_EVENT_TIME,
              send(producer, reading("s1", System.currentTimeMillis() + 3_700_000L, 1.0)));
          // A fourth sensor, beyond state.max-sensors 3.
          offsets.put(DeadLetterReason.TOO_MANY_SENSORS, send(producer, reading("s4", T0 + WINDOW_MS + 3_000, 1.0)));
        }
      }
      long lateOffset = offsets.size() + SENSORS.size() * WINDOWS * STEP_ORDER.length;

      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfig());
      env.setParallelism(1);
      env.enableCheckpointing(300);
      assertThat(env.getConfig().getSerializerConfig().hasGenericTypesDisabled()).isTrue();
      IngestPipeline pipeline = IngestPipeline.build(env, jobConfig(), ReadingsSource.builder(jobConfig())
          .setBounded(OffsetsInitializer.offsets(Map.of(READINGS_PARTITION, lateOffset + 1)))
          .build());
      List<WindowFeatures> features = new ArrayList<>();
      byte[] late = reading("s1", T0 + 5_000, 999.0);
      JobClient job;
      try (CloseableIterator<WindowFeatures> windows = pipeline.windows().collectAsync()) {
        job = env.executeAsync("ingest-pipeline-it");
        int firstTwoWindows = 2 * SENSORS.size();
        while (features.size() < firstTwoWindows && windows.hasNext()) {
          features.add(windows.next());
        }
        assertThat(features).allSatisfy(f -> assertThat(f.windowEnd).isLessThanOrEqualTo(T0 + 2 * WINDOW_MS));
        assertThat(send(producer, late)).isEqualTo(lateOffset);
        windows.forEachRemaining(features::add);
      }
      job.getJobExecutionResult().get(60, TimeUnit.SECONDS);

      assertThat(features).containsExactlyInAnyOrderElementsOf(expectedFeatures());

      Map<DeadLetterReason, DeadLetter> deadLetters = readDeadLetters(offsets.size() + 1);
      offsets.put(DeadLetterReason.LATE, lateOffset);
      assertThat(deadLetters.keySet()).isEqualTo(offsets.keySet());
      deadLetters.forEach((reason, deadLetter) -> {
        assertThat(deadLetter.getSourceTopic()).as(reason.name()).isEqualTo(READINGS);
        assertThat(deadLetter.getPartition()).as(reason.name()).isZero();
        assertThat(deadLetter.getOffset()).as(reason.name()).isEqualTo(offsets.get(reason));
        assertThat(deadLetter.getDetail()).as(reason.name()).isNotBlank();
        assertThat(counter(job.getJobID(), reason)).as("deadLetters." + reason).isEqualTo(1);
      });
      for (DeadLetterReason reason : DeadLetterReason.values()) {
        assertThat(METRICS.findMetrics(job.getJobID(), "deadLetters\\." + reason.name() + "$"))
            .as("operators counting deadLetters." + reason).hasSize(1);
      }
      assertThat(deadLetters.get(DeadLetterReason.MALFORMED_AVRO).getRawValue()).isEqualTo(ByteBuffer.wrap(malformed));
      assertThat(deadLetters.get(DeadLetterReason.NULL_VALUE).getRawValue()).isNull();
      assertThat(deadLetters.get(DeadLetterReason.LATE).getRawValue()).isEqualTo(ByteBuffer.wrap(late));
      assertThat(deadLetters.get(DeadLetterReason.LATE).getDetail()).contains(Long.toString(T0 + 5_000));
    }
  }

  private static Configuration jobConfig() {
    Configuration config = new Configuration();
    config.set(PipelineOptions.GENERIC_TYPES, false);
    config.set(ForecastOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    config.set(ForecastOptions.READINGS_TOPIC, READINGS);
    config.set(ForecastOptions.DEAD_LETTERS_TOPIC, DEAD_LETTERS);
    config.set(ForecastOptions.SOURCE_STARTING_OFFSETS, StartingOffsets.EARLIEST);
    config.set(ForecastOptions.WATERMARK_OUT_OF_ORDERNESS, Duration.ofSeconds(1));
    config.set(ForecastOptions.WATERMARK_IDLENESS, Duration.ZERO);
    config.set(ForecastOptions.WINDOW_SIZE, Duration.ofMillis(WINDOW_MS));
    config.set(ForecastOptions.SINK_DELIVERY_GUARANTEE, DeliveryGuarantee.EXACTLY_ONCE);
    config.set(ForecastOptions.STATE_MAX_SENSORS, SENSORS.size());
    return config;
  }

  /** Distinct per sensor, window and step; every window's mean is exact. */
  private static double valueOf(int sensor, int window, int step) {
    return 1_000.0 * (sensor + 1) + 10.0 * window + step;
  }

  private static List<WindowFeatures> expectedFeatures() {
    List<WindowFeatures> expected = new ArrayList<>();
    for (int window = 0; window < WINDOWS; window++) {
      for (int sensor = 0; sensor < SENSORS.size(); sensor++) {
        long start = T0 + window * WINDOW_MS;
        expected.add(new WindowFeatures(SENSORS.get(sensor), start, start + WINDOW_MS,
            valueOf(sensor, window, 2), valueOf(sensor, window, 0), valueOf(sensor, window, 4),
            valueOf(sensor, window, 4), STEP_ORDER.length));
      }
    }
    return expected;
  }

  private byte[] reading(String sensorId, long eventTime, double value) {
    return codec.encode(new SensorReading(sensorId, Instant.ofEpochMilli(eventTime), value, Map.of()));
  }

  /** Sends one record to the readings partition and returns its offset. */
  private static long send(KafkaProducer<byte[], byte[]> producer, byte[] value)
      throws InterruptedException, ExecutionException {
    return producer.send(new ProducerRecord<>(READINGS, 0, null, value)).get().offset();
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Reads the committed dead letters (30 s at most), checks there are {@code expected}, keyed by reason. */
  private static Map<DeadLetterReason, DeadLetter> readDeadLetters(int expected) {
    List<DeadLetter> deadLetters;
    try (CommittedTopicReader<DeadLetter> reader =
        new CommittedTopicReader<>(kafka.bootstrapServers(), DEAD_LETTERS, DeadLetter.class)) {
      deadLetters = new ArrayList<>(reader.read(expected, Duration.ofSeconds(30)));
      deadLetters.addAll(reader.readRest());
    }
    assertThat(deadLetters).as("dead letters read").hasSize(expected);
    Map<DeadLetterReason, DeadLetter> byReason = new EnumMap<>(DeadLetterReason.class);
    deadLetters.forEach(deadLetter -> byReason.put(DeadLetterReason.valueOf(deadLetter.getReason()), deadLetter));
    return byReason;
  }

  private static long counter(JobID job, DeadLetterReason reason) {
    return METRICS.findMetrics(job, "deadLetters\\." + reason.name() + "$").values().stream()
        .mapToLong(metric -> ((Counter) metric).getCount())
        .sum();
  }
}
