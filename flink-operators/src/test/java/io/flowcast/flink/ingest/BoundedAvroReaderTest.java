package io.flowcast.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.schemas.ModelCheckpoint;
import io.flowcast.schemas.SensorReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Corrupt input that Avro reports with an unchecked exception is an {@link IOException} of
 * {@link BoundedAvroReader} like every other corruption. Both cases were found by the property
 * tests ({@code AvroDecoderPropertiesTest}, {@code ModelCheckpointsPropertiesTest}).
 */
class BoundedAvroReaderTest {

  @Test
  void aUnionIndexOutOfRangeIsAnIOException() throws IOException {
    ModelCheckpoint valid = ModelCheckpoint.newBuilder().setVersion(1).setUri("u").setSha256("s").setCell("gru")
        .setCreatedAt(Instant.EPOCH).setTrainingSamples(0).setValidationLoss(null).setParentVersion(0)
        .setTrainLoss(null).setConfigHash(null).build();
    byte[] bytes = io.flowcast.flink.finetune.ModelCheckpoints.toBytes(valid);
    // version, uri, sha256, cell, createdAt, trainingSamples, then validationLoss's union index 0
    int unionIndex = bytes.length - 4;
    assertThat(bytes[unionIndex]).isZero();
    bytes[unionIndex] = 0x73; // zig-zag -58: no branch of ["null", "double"]

    assertThatThrownBy(() -> new BoundedAvroReader<>(ModelCheckpoint.class).read(bytes))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("ModelCheckpoint")
        .hasCauseInstanceOf(ArrayIndexOutOfBoundsException.class);
  }

  @Test
  void aBlockCountBeyondAvrosLimitIsAnIOException() throws IOException {
    byte[] empty = new SensorReadingCodec().encode(new SensorReading("s", Instant.EPOCH, 1.0, Map.of()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(empty, 0, empty.length - 1); // all but the map's terminating block count 0
    writeVarLong(bytes, 1L << 40 << 1); // zig-zag of 2^40 entries
    byte[] corrupt = bytes.toByteArray();

    assertThatThrownBy(() -> new BoundedAvroReader<>(SensorReading.class).read(corrupt))
        .isInstanceOf(IOException.class);
    assertThat(new ReadingDeserializationSchema(java.time.Duration.ZERO)
        .decode(new org.apache.kafka.clients.consumer.ConsumerRecord<>("r", 0, 0L, null, corrupt), 0L)
        .left().getReason()).isEqualTo(DeadLetterReason.MALFORMED_AVRO.name());
  }

  private static void writeVarLong(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }
}
