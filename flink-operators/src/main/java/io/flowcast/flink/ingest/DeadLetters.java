package io.flowcast.flink.ingest;

import io.flowcast.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Builds {@link DeadLetter} records and holds their Flink type. Always use {@link #TYPE} for
 * streams of dead letters: {@code TypeInformation.of(DeadLetter.class)} analyses the generated
 * class as a POJO with a Kryo-serialised {@code ByteBuffer}, which {@code pipeline.generic-types:
 * false} rejects.
 */
public final class DeadLetters {
  /** Flink type of dead letters: Avro's own serializer for the generated class. */
  public static final TypeInformation<DeadLetter> TYPE = new AvroTypeInfo<>(DeadLetter.class);

  private DeadLetters() {}

  /**
   * A dead letter seen now.
   *
   * @param rawValue the record's value bytes, or null when it had none
   */
  public static DeadLetter of(
      String sourceTopic, int partition, long offset, DeadLetterReason reason, String detail, byte[] rawValue) {
    return DeadLetter.newBuilder()
        .setSourceTopic(sourceTopic)
        .setPartition(partition)
        .setOffset(offset)
        .setReason(reason.name())
        .setDetail(detail)
        .setRawValue(rawValue == null ? null : ByteBuffer.wrap(rawValue))
        .setSeenAt(Instant.now())
        .build();
  }
}
