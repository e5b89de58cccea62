package io.flowcast.flink.job;

import io.flowcast.flink.ingest.DeadLetterSplitter;
import io.flowcast.flink.ingest.LateReadingToDeadLetter;
import io.flowcast.flink.ingest.Reading;
import io.flowcast.flink.ingest.ReadingTimestampAssigner;
import io.flowcast.flink.ingest.DuplicateReadingFilter;
import io.flowcast.flink.ingest.SensorAdmissionOperator;
import io.flowcast.flink.window.SensorIdKey;
import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.flink.window.WindowFeaturesAggregate;
import io.flowcast.flink.window.WindowFeaturesFunction;
import io.flowcast.schemas.DeadLetter;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

/**
 * The ingestion half of the job: readings topic, per-partition watermarks, decoding and
 * validation, the {@code state.max-sensors} guard ({@link SensorAdmissionOperator}; none when it
 * is 0), the duplicate filter ({@link DuplicateReadingFilter}; none with
 * {@code ingest.drop-duplicates} false), per-sensor tumbling event-time windows, and all dead
 * letters (undecodable, invalid, duplicate and late input) written to the dead-letters topic. The
 * next stage attaches to {@link #windows()}.
 *
 * <pre>
 *   KafkaSource -> DeadLetterSplitter ------------------------- dead letters --------+
 *     -> keyBy(sensorId) -> admit sensors --------------------- too many sensors ----+
 *     -> drop duplicate readings ------------------------------ duplicates ----------+
 *     -> tumbling window -> windows()                                                |
 *          +-> late readings -> LateReadingToDeadLetter ------- late readings -------+
 *                                                     union -> deadLetters() -> KafkaSink
 * </pre>
 *
 * Every operator has a stable uid, so savepoints survive changes to the graph around it.
 */
public final class IngestPipeline {
  /** Side output of the window operator: readings that arrived after their window closed. */
  public static final OutputTag<Reading> LATE_READINGS = new OutputTag<>("late-readings", TypeInformation.of(Reading.class));

  private final DataStream<WindowFeatures> windows;
  private final DataStream<DeadLetter> deadLetters;

  private IngestPipeline(DataStream<WindowFeatures> windows, DataStream<DeadLetter> deadLetters) {
    this.windows = windows;
    this.deadLetters = deadLetters;
  }

  /** Adds the ingestion graph, reading the configured topic without end, to {@code env}. */
  public static IngestPipeline build(StreamExecutionEnvironment env, Configuration config) {
    return build(env, config, ReadingsSource.builder(config).build());
  }

  /**
   * Adds the ingestion graph to {@code env}, reading from {@code source} (for example a bounded
   * variant of {@link ReadingsSource#builder}).
   *
   * @throws IllegalStateException if the sinks are exactly-once and {@code env} does not checkpoint
   */
  public static IngestPipeline build(
      StreamExecutionEnvironment env, Configuration config, KafkaSource<Either<DeadLetter, Reading>> source) {
    KafkaSinks.requireCheckpointingIfExactlyOnce(env, config);
    String readingsTopic = config.get(ForecastOptions.READINGS_TOPIC);

    SingleOutputStreamOperator<Reading> readings = env
        .fromSource(source, watermarkStrategy(config), "readings source")
        .uid("readings-source")
        .process(new DeadLetterSplitter())
        .name("decode and validate")
        .uid("decode-and-validate");

    int maxSensors = config.get(ForecastOptions.STATE_MAX_SENSORS);
    KeyedStream<Reading, String> keyed = readings.keyBy(new SensorIdKey());
    SingleOutputStreamOperator<Reading> admitted = null;
    if (maxSensors > 0) {
      admitted = keyed
          .transform("admit sensors", TypeInformation.of(Reading.class),
              new SensorAdmissionOperator(maxSensors, config.get(ForecastOptions.STATE_TTL), readingsTopic))
          .uid("admit-sensors");
      keyed = DataStreamUtils.reinterpretAsKeyedStream(admitted, new SensorIdKey(), Types.STRING);
    }
    SingleOutputStreamOperator<Reading> unique = null;
    if (config.get(ForecastOptions.INGEST_DROP_DUPLICATES)) {
      unique = keyed
          .process(new DuplicateReadingFilter(config.get(ForecastOptions.STATE_TTL),
              config.get(ForecastOptions.WINDOW_SIZE).plus(config.get(ForecastOptions.WINDOW_ALLOWED_LATENESS)),
              readingsTopic))
          .name("drop duplicate readings")
          .uid("drop-duplicate-readings");
      keyed = DataStreamUtils.reinterpretAsKeyedStream(unique, new SensorIdKey(), Types.STRING);
    }
    SingleOutputStreamOperator<WindowFeatures> windows = keyed
        .window(TumblingEventTimeWindows.of(config.get(ForecastOptions.WINDOW_SIZE)))
        .allowedLateness(config.get(ForecastOptions.WINDOW_ALLOWED_LATENESS))
        .sideOutputLateData(LATE_READINGS)
        .aggregate(new WindowFeaturesAggregate(), new WindowFeaturesFunction())
        .name("window features")
        .uid("window-features");

    DataStream<DeadLetter> lateDeadLetters = windows
        .getSideOutput(LATE_READINGS)
        .process(new LateReadingToDeadLetter(readingsTopic))
        .name("late readings to dead letters")
        .uid("late-readings-to-dead-letters");

    DataStream<DeadLetter> deadLetters = readings.getSideOutput(DeadLetterSplitter.DEAD_LETTERS).union(lateDeadLetters);
    if (admitted != null) {
      deadLetters = deadLetters.union(admitted.getSideOutput(SensorAdmissionOperator.DEAD_LETTERS));
    }
    if (unique != null) {
      deadLetters = deadLetters.union(unique.getSideOutput(DuplicateReadingFilter.DEAD_LETTERS));
    }
    String deadLettersTopic = config.get(ForecastOptions.DEAD_LETTERS_TOPIC);
    deadLetters
        .sinkTo(KafkaSinks.forTopic(config, deadLettersTopic, AvroSerializationSchema.forSpecific(DeadLetter.class)))
        .name("dead letters to " + deadLettersTopic)
        .uid("dead-letters-sink");

    return new IngestPipeline(windows, deadLetters);
  }

  /** Each sensor's features per closed window (again for each allowed late reading). */
  public DataStream<WindowFeatures> windows() {
    return windows;
  }

  /** Every dead letter of the ingestion stage; already written to the dead-letters topic. */
  public DataStream<DeadLetter> deadLetters() {
    return deadLetters;
  }

  private static WatermarkStrategy<Either<DeadLetter, Reading>> watermarkStrategy(Configuration config) {
    WatermarkStrategy<Either<DeadLetter, Reading>> strategy = WatermarkStrategy
        .<Either<DeadLetter, Reading>>forBoundedOutOfOrderness(config.get(ForecastOptions.WATERMARK_OUT_OF_ORDERNESS))
        .withTimestampAssigner(new ReadingTimestampAssigner());
    Duration idleness = config.get(ForecastOptions.WATERMARK_IDLENESS);
    return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
  }
}
