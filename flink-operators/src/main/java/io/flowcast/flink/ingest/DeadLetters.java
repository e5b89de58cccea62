package io.flowcast.flink.ingest;

import io.flowcast.schemas.DeadLetter;
import io.flowcast.schemas.SensorReading;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
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
   * A dead letter of a reading that decoded but cannot be used (late, or of a sensor refused):
   * its raw value is the Avro re-encoding of the reading, whose extra channels {@link Reading}
   * does not keep.
   */
  public static DeadLetter ofReading(
      String sourceTopic, Reading reading, DeadLetterReason reason, String detail, SensorReadingCodec codec) {
    byte[] reEncoded = codec.encode(
        new SensorReading(reading.sensorId, Instant.ofEpochMilli(reading.eventTime), reading.value, Map.of()));
    return of(sourceTopic, reading.partition, reading.offset, reason, detail, reEncoded);
  }

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
