package io.flowcast.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.schemas.DeadLetter;
import io.flowcast.schemas.SensorReading;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.flink.types.Either;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The decoder of the readings topic on any bytes: {@link BoundedAvroReader} gives a record or an
 * {@link IOException}, nothing else, within an allocation budget proportional to the message
 * ({@link DecoderBudget}: no length or count in it can make it allocate more), and {@link ReadingDeserializationSchema}
 * never throws: every record becomes a reading or a dead letter.
 */
class AvroDecoderPropertiesTest {
  private static final ReadingDeserializationSchema SCHEMA = new ReadingDeserializationSchema(java.time.Duration.ofMinutes(5));
  private static final BoundedAvroReader<SensorReading> READER = new BoundedAvroReader<>(SensorReading.class);
  private static final SensorReadingCodec CODEC = new SensorReadingCodec();

  @Property(tries = 2000)
  void randomBytesGiveAReadingOrTheTypedException(@ForAll @Size(max = 200) byte[] bytes) {
    decodeChecked(bytes);
  }

  @Property(tries = 2000)
  void mutatedValidReadingsGiveAReadingOrTheTypedException(
      @ForAll("readings") byte[] valid, @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte value,
      @ForAll @IntRange(min = 1, max = 4) int count, @ForAll @IntRange(min = -2, max = 8) int cut) {
    decodeChecked(DecoderBudget.mutate(valid, position, value, count, cut));
  }

  @Provide
  Arbitrary<byte[]> readings() {
    Arbitrary<String> ids = Arbitraries.strings().ofMaxLength(20);
    Arbitrary<Long> times = Arbitraries.longs().between(-10_000L, 4_000_000_000_000L);
    Arbitrary<Double> values = Arbitraries.doubles()
        .withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY).withSpecialValue(1e30);
    Arbitrary<Map<String, Double>> channels =
        Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), Arbitraries.doubles()).ofMaxSize(4)
            .map(LinkedHashMap::new);
    return Combinators.combine(ids, times, values, channels)
        .as((id, time, value, extra) -> CODEC.encode(new SensorReading(id, Instant.ofEpochMilli(time), value, extra)));
  }

  private static void decodeChecked(byte[] bytes) {
    Throwable thrown = DecoderBudget.withinBudget(bytes.length, () -> READER.read(bytes));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(IOException.class);
    }
    Either<DeadLetter, Reading> result = SCHEMA.decode(new ConsumerRecord<>("readings", 0, 7L, null, bytes), 0L);
    assertThat(result.isLeft()).isEqualTo(thrown != null || !isValid(READER, bytes));
    if (thrown != null) {
      assertThat(result.left().getReason()).isEqualTo(DeadLetterReason.MALFORMED_AVRO.name());
    }
  }

  private static boolean isValid(BoundedAvroReader<SensorReading> reader, byte[] bytes) {
    try {
      SensorReading reading = reader.read(bytes);
      long time = reading.getEventTime().toEpochMilli();
      return !reading.getSensorId().isBlank() && time >= 0 && time <= 5 * 60_000L
          && Math.abs(reading.getValue()) <= DeadLetterReason.MAX_MAGNITUDE;
    } catch (IOException e) {
      return false;
    }
  }
}
