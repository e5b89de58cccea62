package io.flowcast.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.schemas.DeadLetter;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.ModelCheckpoint;
import io.flowcast.schemas.SensorReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ReadingDeserializationSchemaTest {
  private static final String TOPIC = "readings";
  private static final int PARTITION = 3;
  private static final long OFFSET = 42L;

  /** Processing time of the decodes; the readings of the tests are long before it. */
  private static final long NOW = 1_800_000_000_000L;
  private static final Duration SKEW = Duration.ofMinutes(5);

  private final ReadingDeserializationSchema schema = new ReadingDeserializationSchema(SKEW);
  private final SensorReadingCodec codec = new SensorReadingCodec();

  @Test
  void aValidRecordBecomesAReadingWithItsKafkaCoordinates() {
    byte[] value = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(1_700_000_000_123L), 21.5, Map.of()));

    Either<DeadLetter, Reading> result = deserialize(value);

    assertThat(result.isRight()).isTrue();
    assertThat(result.right()).isEqualTo(new Reading("pump-7", 1_700_000_000_123L, 21.5, PARTITION, OFFSET));
  }

  @Test
  void extraChannelsDoNotMatter() {
    byte[] value = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(5), 1.0, Map.of("rpm", 900.0)));

    assertThat(deserialize(value).right().value).isEqualTo(1.0);
  }

  @Test
  void bytesThatAreNotAvroAreMalformedAndKeptRaw() {
    byte[] value = "not avro at all".getBytes(StandardCharsets.UTF_8);

    DeadLetter deadLetter = deadLetter(value, DeadLetterReason.MALFORMED_AVRO);

    assertThat(deadLetter.getDetail()).startsWith("not an Avro SensorReading: ").contains("Exception");
    assertThat(deadLetter.getRawValue()).isEqualTo(ByteBuffer.wrap(value));
  }

  @Test
  void trailingBytesAfterAValidRecordAreMalformed() {
    byte[] valid = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(5), 1.0, Map.of()));
    byte[] value = Arrays.copyOf(valid, valid.length + 2);

    assertThat(deadLetter(value, DeadLetterReason.MALFORMED_AVRO).getDetail()).contains("trailing bytes");
  }

  @Test
  void aTruncatedRecordIsMalformed() {
    byte[] valid = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(5), 1.0, Map.of()));

    deadLetter(Arrays.copyOf(valid, valid.length - 3), DeadLetterReason.MALFORMED_AVRO);
  }

  @Test
  void aCorruptLengthIsMalformedWithoutAllocatingIt() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    encoder.writeLong(Integer.MAX_VALUE - 16); // sensorId length: about 2 GiB
    encoder.writeFixed("pump".getBytes(StandardCharsets.UTF_8));
    encoder.flush();

    assertThat(deadLetter(out.toByteArray(), DeadLetterReason.MALFORMED_AVRO).getDetail())
        .contains("string length " + (Integer.MAX_VALUE - 16) + " is impossible");
  }

  @Test
  void aTombstoneIsANullValue() {
    DeadLetter deadLetter = deadLetter(null, DeadLetterReason.NULL_VALUE);

    assertThat(deadLetter.getRawValue()).isNull();
  }

  @Test
  void anEmptyOrBlankSensorIdIsMissing() {
    for (String id : List.of("", "  \t")) {
      byte[] value = codec.encode(new SensorReading(id, Instant.ofEpochMilli(5), 1.0, Map.of()));
      deadLetter(value, DeadLetterReason.MISSING_SENSOR_ID);
    }
  }

  @Test
  void nanAndInfiniteValuesAreNonFinite() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      byte[] value = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(5), bad, Map.of()));
      assertThat(deadLetter(value, DeadLetterReason.NON_FINITE_VALUE).getDetail()).contains(Double.toString(bad));
    }
  }

  @Test
  void valuesBeyondTheFloatSafeRangeAreOutOfRange() {
    for (double bad : new double[] {1.5e18, -3e38, Double.MAX_VALUE}) {
      byte[] value = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(5), bad, Map.of()));
      assertThat(deadLetter(value, DeadLetterReason.VALUE_OUT_OF_RANGE).getDetail()).contains(Double.toString(bad));
    }
    byte[] largeButFine = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(5), -1e18, Map.of()));
    assertThat(deserialize(largeButFine).isRight()).isTrue();
  }

  @Test
  void aNegativeEventTimeIsInvalid() {
    byte[] value = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(-1), 1.0, Map.of()));

    assertThat(deadLetter(value, DeadLetterReason.INVALID_EVENT_TIME).getDetail()).contains("-1");
  }

  @Test
  void eventTimeZeroIsValid() {
    byte[] value = codec.encode(new SensorReading("pump-7", Instant.EPOCH, 1.0, Map.of()));

    assertThat(deserialize(value).isRight()).isTrue();
  }

  @Test
  void anEventTimeFurtherAheadOfProcessingTimeThanTheSkewIsInTheFuture() {
    long tooFar = NOW + SKEW.toMillis() + 1;
    byte[] value = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(tooFar), 1.0, Map.of()));

    String detail = deadLetter(value, DeadLetterReason.FUTURE_EVENT_TIME).getDetail();

    assertThat(detail).contains(Long.toString(tooFar)).contains(Long.toString(SKEW.toMillis() + 1))
        .contains("pump-7");
    byte[] atTheLimit = codec.encode(
        new SensorReading("pump-7", Instant.ofEpochMilli(NOW + SKEW.toMillis()), 1.0, Map.of()));
    assertThat(deserialize(atTheLimit).isRight()).isTrue();
    byte[] farFuture = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(Long.MAX_VALUE), 1.0, Map.of()));
    deadLetter(farFuture, DeadLetterReason.FUTURE_EVENT_TIME);
  }

  @Test
  void theFutureIsProcessingTimeWhenRecordsAreDeserialized() {
    long inAnHour = System.currentTimeMillis() + 3_600_000L;
    byte[] value = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(inAnHour), 1.0, Map.of()));
    List<Either<DeadLetter, Reading>> out = new ArrayList<>();

    schema.deserialize(record(value), new ListCollector<>(out));
    new ReadingDeserializationSchema(Duration.ofHours(2)).deserialize(record(value), new ListCollector<>(out));

    assertThat(out.get(0).left().getReason()).isEqualTo(DeadLetterReason.FUTURE_EVENT_TIME.name());
    assertThat(out.get(1).isRight()).isTrue();
  }

  @Test
  void aNegativeSkewIsRefused() {
    assertThatThrownBy(() -> new ReadingDeserializationSchema(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Plain Avro carries no schema id: a record of another schema is refused only because its bytes
   * do not parse as a SensorReading with nothing left over. That holds for the job's own other
   * records and for a SensorReading of a newer schema with one more field.
   */
  @Test
  void recordsOfTheJobsOtherSchemasAreMalformed() {
    Forecast forecast = Forecast.newBuilder().setSensorId("pump-7").setWindowStart(Instant.ofEpochMilli(60_000))
        .setWindowEnd(Instant.ofEpochMilli(120_000)).setForecasts(List.of(1.0, 2.0, 3.0))
        .setLower(List.of(0.0, 1.0, 2.0)).setUpper(List.of(2.0, 3.0, 4.0)).setActual(1.5).setResidual(null)
        .setAnomalyScore(null).setAnomaly(false).setModelVersion(3).build();
    ModelCheckpoint announcement = ModelCheckpoint.newBuilder().setVersion(1).setUri("s3://m").setSha256("ab")
        .setCell("gru").setCreatedAt(Instant.EPOCH).setTrainingSamples(5).build();
    byte[] reading = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(5), 1.0, Map.of()));
    byte[] newerReading = Arrays.copyOf(reading, reading.length + 2); // e.g. one more field: an int 0 and a null
    List<byte[]> others = List.of(
        AvroSerializationSchema.forSpecific(Forecast.class).serialize(forecast),
        io.flowcast.flink.finetune.ModelCheckpoints.toBytes(announcement),
        AvroSerializationSchema.forSpecific(DeadLetter.class).serialize(DeadLetters.of("readings", 0, 1L,
            DeadLetterReason.LATE, "late", reading)),
        newerReading);

    for (byte[] other : others) {
      deadLetter(other, DeadLetterReason.MALFORMED_AVRO);
    }
  }

  @Test
  void randomBytesNeverThrow() {
    Random random = new Random(11);
    for (int i = 0; i < 2_000; i++) {
      byte[] value = new byte[random.nextInt(40)];
      random.nextBytes(value);
      Either<DeadLetter, Reading> result = deserialize(value);
      if (result.isLeft()) {
        assertThat(result.left().getReason()).isNotEqualTo(DeadLetterReason.NULL_VALUE.name());
      }
    }
  }

  @Test
  void producesOneElementPerRecord() {
    byte[] value = codec.encode(new SensorReading("pump-7", Instant.ofEpochMilli(5), 1.0, Map.of()));
    List<Either<DeadLetter, Reading>> out = new ArrayList<>();

    schema.deserialize(record(value), new ListCollector<>(out));
    schema.deserialize(record(null), new ListCollector<>(out));

    assertThat(out).hasSize(2);
    assertThat(out.get(0).isRight()).isTrue();
    assertThat(out.get(1).isLeft()).isTrue();
  }

  private DeadLetter deadLetter(byte[] value, DeadLetterReason reason) {
    Either<DeadLetter, Reading> result = deserialize(value);
    assertThat(result.isLeft()).as("dead letter expected, got %s", result).isTrue();
    DeadLetter deadLetter = result.left();
    assertThat(deadLetter.getReason()).isEqualTo(reason.name());
    assertThat(deadLetter.getSourceTopic()).isEqualTo(TOPIC);
    assertThat(deadLetter.getPartition()).isEqualTo(PARTITION);
    assertThat(deadLetter.getOffset()).isEqualTo(OFFSET);
    assertThat(deadLetter.getSeenAt()).isNotNull();
    if (value != null) {
      assertThat(deadLetter.getRawValue()).isEqualTo(ByteBuffer.wrap(value));
    }
    return deadLetter;
  }

  private Either<DeadLetter, Reading> deserialize(byte[] value) {
    return schema.decode(record(value), NOW);
  }

  private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
    return new ConsumerRecord<>(TOPIC, PARTITION, OFFSET, null, value);
  }
}
