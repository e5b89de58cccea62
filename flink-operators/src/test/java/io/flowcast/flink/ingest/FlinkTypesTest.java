package io.flowcast.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.flink.window.WindowAccumulator;
import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.schemas.DeadLetter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.Test;

/** The job runs with {@code pipeline.generic-types: false}: none of its types may fall back to Kryo. */
class FlinkTypesTest {
  private static final SerializerConfig NO_GENERIC_TYPES = noGenericTypes();

  @Test
  void pojosAreAnalysedAsPojos() {
    for (Class<?> type : new Class<?>[] {Reading.class, WindowFeatures.class, WindowAccumulator.class}) {
      assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
    }
  }

  @Test
  void kryoIsReallyOffInThisConfiguration() {
    assertThatThrownBy(() -> TypeInformation.of(ByteBuffer.class).createSerializer(NO_GENERIC_TYPES))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aReadingRoundTripsWithoutKryo() throws IOException {
    Reading reading = new Reading("pump-7", 1_700_000_000_000L, -3.25, 2, 99L);

    assertThat(roundTrip(TypeInformation.of(Reading.class), reading)).isEqualTo(reading);
  }

  @Test
  void windowFeaturesRoundTripWithoutKryo() throws IOException {
    WindowFeatures features = new WindowFeatures("pump-7", 0L, 60_000L, 2.0, 1.0, 3.0, 2.5, 4L);

    assertThat(roundTrip(TypeInformation.of(WindowFeatures.class), features)).isEqualTo(features);
  }

  @Test
  void aDeadLetterRoundTripsWithAvrosSerializer() throws IOException {
    DeadLetter deadLetter = DeadLetters.of("readings", 1, 7L, DeadLetterReason.MALFORMED_AVRO, "bad", new byte[] {1, 2});

    DeadLetter copy = roundTrip(DeadLetters.TYPE, deadLetter);

    assertThat(copy).isEqualTo(deadLetter);
    assertThat(copy.getSeenAt()).isEqualTo(deadLetter.getSeenAt());
  }

  @Test
  void bothSidesOfTheDecodedStreamRoundTrip() throws IOException {
    Either<DeadLetter, Reading> right = Either.Right(new Reading("pump-7", 5L, 1.0, 0, 1L));
    Either<DeadLetter, Reading> left = Either.Left(DeadLetter.newBuilder()
        .setSourceTopic("readings").setPartition(0).setOffset(2L).setReason("NULL_VALUE")
        .setSeenAt(Instant.ofEpochMilli(1_000)).build());

    assertThat(roundTrip(ReadingDeserializationSchema.TYPE, right)).isEqualTo(right);
    assertThat(roundTrip(ReadingDeserializationSchema.TYPE, left)).isEqualTo(left);
  }

  private static <T> T roundTrip(TypeInformation<T> type, T value) throws IOException {
    TypeSerializer<T> serializer = type.createSerializer(NO_GENERIC_TYPES);
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  private static SerializerConfig noGenericTypes() {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false);
    return config;
  }
}
