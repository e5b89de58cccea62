package io.flowcast.flink.job;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Every setting of the Flowcast job, as Flink {@link ConfigOption}s. Set them in the Flink
 * configuration or on the command line ({@code --key value}, see {@link CommandLineConfiguration});
 * durations take Flink's syntax ({@code 5 s}, {@code 500ms}, {@code 1 min}). Only public static
 * final {@code ConfigOption} fields belong here: {@link CommandLineConfiguration} finds the known
 * keys by reflection.
 */
public final class ForecastOptions {

  // ---- Kafka ---------------------------------------------------------------------------------

  /** Kafka brokers of all topics the job reads and writes. */
  public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS =
      ConfigOptions.key("kafka.bootstrap-servers")
          .stringType()
          .defaultValue("localhost:9092")
          .withDescription("Kafka bootstrap servers (host:port, comma-separated) for every topic of the job.");

  /** Consumer group of the readings source. */
  public static final ConfigOption<String> KAFKA_GROUP_ID =
      ConfigOptions.key("kafka.group-id")
          .stringType()
          .defaultValue("flowcast")
          .withDescription("Kafka consumer group id of the readings source; offsets are committed on checkpoints.");

  /** Topic of the input readings. */
  public static final ConfigOption<String> READINGS_TOPIC =
      ConfigOptions.key("kafka.topic.readings")
          .stringType()
          .defaultValue("readings")
          .withDescription("Topic of the input SensorReading records (plain Avro binary values).");

  /** Topic of the forecasts. */
  public static final ConfigOption<String> FORECASTS_TOPIC =
      ConfigOptions.key("kafka.topic.forecasts")
          .stringType()
          .defaultValue("forecasts")
          .withDescription("Topic the Forecast records are written to (plain Avro binary values).");

  /** Topic of the anomalies. */
  public static final ConfigOption<String> ANOMALIES_TOPIC =
      ConfigOptions.key("kafka.topic.anomalies")
          .stringType()
          .defaultValue("anomalies")
          .withDescription("Topic the forecasts flagged as anomalies are written to.");

  /** Topic of the dead letters. */
  public static final ConfigOption<String> DEAD_LETTERS_TOPIC =
      ConfigOptions.key("kafka.topic.dead-letters")
          .stringType()
          .defaultValue("dead-letters")
          .withDescription("Topic of the DeadLetter records: input the job could not use, with the reason and "
              + "where it came from.");

  // ---- Source and watermarks -----------------------------------------------------------------

  /** Where the readings source starts. */
  public static final ConfigOption<StartingOffsets> SOURCE_STARTING_OFFSETS =
      ConfigOptions.key("source.starting-offsets")
          .enumType(StartingOffsets.class)
          .defaultValue(StartingOffsets.COMMITTED)
          .withDescription("Where the readings source starts in each partition: earliest, latest, or committed "
              + "(the consumer group's offsets, earliest where the group has none). A restore from a "
              + "checkpoint or savepoint always resumes at the checkpointed offsets.");

  /** How far event times may go back behind the newest one seen. */
  public static final ConfigOption<Duration> WATERMARK_OUT_OF_ORDERNESS =
      ConfigOptions.key("watermark.out-of-orderness")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("Bound on out-of-order event times per Kafka partition: the watermark trails the "
              + "newest event time by this much.");

  /** After how long without records a partition stops holding the watermark back. */
  public static final ConfigOption<Duration> WATERMARK_IDLENESS =
      ConfigOptions.key("watermark.idleness")
          .durationType()
          .defaultValue(Duration.ofSeconds(30))
          .withDescription("A Kafka partition without records for this long is marked idle, so that it does not "
              + "hold the watermark back; 0 turns idleness detection off.");

  // ---- Windows -------------------------------------------------------------------------------

  /** Size of the tumbling event-time windows. */
  public static final ConfigOption<Duration> WINDOW_SIZE =
      ConfigOptions.key("window.size")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription("Size of the tumbling event-time windows that aggregate each sensor's readings.");

  /** How long after its end a window still accepts readings. */
  public static final ConfigOption<Duration> WINDOW_ALLOWED_LATENESS =
      ConfigOptions.key("window.allowed-lateness")
          .durationType()
          .defaultValue(Duration.ZERO)
          .withDescription("How long after the watermark passes a window's end the window still accepts readings "
              + "(each one re-emits its features); readings later than that go to the dead letters as LATE.");

  // ---- Sinks ---------------------------------------------------------------------------------

  /** Delivery guarantee of the Kafka sinks. */
  public static final ConfigOption<DeliveryGuarantee> SINK_DELIVERY_GUARANTEE =
      ConfigOptions.key("sink.delivery-guarantee")
          .enumType(DeliveryGuarantee.class)
          .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
          .withDescription("Delivery guarantee of the Kafka sinks: exactly-once (Kafka transactions committed on "
              + "checkpoints, so checkpointing must be on and consumers should read with isolation.level="
              + "read_committed), at-least-once (flushed on checkpoints, duplicates possible after a failure) "
              + "or none.");

  /** Prefix of the Kafka transactional ids of exactly-once sinks. */
  public static final ConfigOption<String> SINK_TRANSACTIONAL_ID_PREFIX =
      ConfigOptions.key("sink.transactional-id-prefix")
          .stringType()
          .defaultValue("flowcast")
          .withDescription("Prefix of the Kafka transactional ids of exactly-once sinks; each sink appends its "
              + "topic. Must be unique among all jobs writing to the same Kafka cluster.");

  /** Kafka transaction timeout of exactly-once sinks. */
  public static final ConfigOption<Duration> SINK_TRANSACTION_TIMEOUT =
      ConfigOptions.key("sink.transaction-timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(15))
          .withDescription("Kafka transaction timeout of exactly-once sinks: longer than the checkpoint interval "
              + "plus the expected recovery time, and at most the brokers' transaction.max.timeout.ms "
              + "(15 min by default).");

  private ForecastOptions() {}
}
