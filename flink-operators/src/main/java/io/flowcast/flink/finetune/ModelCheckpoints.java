package io.flowcast.flink.finetune;

import io.flowcast.flink.ingest.BoundedAvroReader;
import io.flowcast.schemas.ModelCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The {@link ModelCheckpoint} announcements of the {@code model-checkpoints} topic: built from a
 * {@link PublishedCheckpoint}, and their plain Avro binary form (no header, no schema fingerprint,
 * as the job's other topics).
 */
public final class ModelCheckpoints {
  private ModelCheckpoints() {}

  /** The announcement of {@code published}; unknown losses (NaN) become null. */
  public static ModelCheckpoint announcement(PublishedCheckpoint published) {
    CheckpointInfo info = published.info();
    return ModelCheckpoint.newBuilder()
        .setVersion(published.version())
        .setUri(published.uri())
        .setSha256(published.sha256())
        .setCell(published.cell())
        .setCreatedAt(Instant.ofEpochMilli(info.createdAtMillis()))
        .setTrainingSamples(info.samplesSeen())
        .setValidationLoss(knownOrNull(info.validationLoss()))
        .setParentVersion(info.parentVersion())
        .setTrainLoss(knownOrNull(info.trainLoss()))
        .setConfigHash(info.configHash())
        .build();
  }

  /** The plain Avro binary form of {@code announcement}. */
  public static byte[] toBytes(ModelCheckpoint announcement) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new SpecificDatumWriter<>(ModelCheckpoint.class).write(announcement, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode " + announcement, e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes an announcement that spans all of {@code bytes}.
   *
   * @throws IOException if the bytes are not one ModelCheckpoint (see {@link BoundedAvroReader}),
   *     or there are none (a tombstone); corrupt input gives nothing else
   */
  public static ModelCheckpoint fromBytes(byte[] bytes) throws IOException {
    if (bytes == null) {
      throw new IOException("no value (a tombstone), not a ModelCheckpoint");
    }
    return new BoundedAvroReader<>(ModelCheckpoint.class).read(bytes);
  }

  private static Double knownOrNull(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
