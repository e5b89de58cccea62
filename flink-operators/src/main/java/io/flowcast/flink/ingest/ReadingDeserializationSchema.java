package io.flowcast.flink.ingest;

import io.flowcast.schemas.DeadLetter;
import io.flowcast.schemas.SensorReading;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns each record of the readings topic (value: plain Avro binary {@link SensorReading}) into a
 * {@link Reading} (right) or, if it cannot be used, a {@link DeadLetter} (left) that says why.
 * Never throws and never drops a record: the first failing check decides the reason, in this
 * order: {@link DeadLetterReason#NULL_VALUE}, {@link DeadLetterReason#MALFORMED_AVRO} (detail: the
 * decoder's exception), {@link DeadLetterReason#MISSING_SENSOR_ID},
 * {@link DeadLetterReason#INVALID_EVENT_TIME}, {@link DeadLetterReason#FUTURE_EVENT_TIME} (more than
 * the maximum future skew ahead of this task's processing time, {@link System#currentTimeMillis}),
 * {@link DeadLetterReason#NON_FINITE_VALUE}, {@link DeadLetterReason#VALUE_OUT_OF_RANGE}. Dead
 * letters keep the raw value bytes and the record's topic, partition and offset.
 */
public final class ReadingDeserializationSchema implements KafkaRecordDeserializationSchema<Either<DeadLetter, Reading>> {
  private static final long serialVersionUID = 1L;

  /** Flink type of what this schema emits. */
  public static final TypeInformation<Either<DeadLetter, Reading>> TYPE =
      new EitherTypeInfo<>(DeadLetters.TYPE, TypeInformation.of(Reading.class));

  private final SensorReadingCodec codec = new SensorReadingCodec();
  private final long maxFutureSkewMillis;

  /**
   * @param maxFutureSkew how far a reading's event time may be ahead of processing time
   * @throws IllegalArgumentException if {@code maxFutureSkew} is negative
   */
  public ReadingDeserializationSchema(Duration maxFutureSkew) {
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("the maximum future skew must not be negative, got " + maxFutureSkew);
    }
    this.maxFutureSkewMillis = maxFutureSkew.toMillis();
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, Reading>> out) {
    out.collect(decode(record, System.currentTimeMillis()));
  }

  /** The reading in {@code record}, or the dead letter that replaces it, decided at processing time {@code now}. */
  Either<DeadLetter, Reading> decode(ConsumerRecord<byte[], byte[]> record, long now) {
    byte[] bytes = record.value();
    if (bytes == null) {
      return reject(record, DeadLetterReason.NULL_VALUE, "the record has no value (tombstone)");
    }
    SensorReading decoded;
    try {
      decoded = codec.decode(bytes);
    } catch (IOException | RuntimeException e) {
      return reject(record, DeadLetterReason.MALFORMED_AVRO, "not an Avro SensorReading: " + e);
    }
    String sensorId = decoded.getSensorId();
    if (sensorId == null || sensorId.isBlank()) {
      return reject(record, DeadLetterReason.MISSING_SENSOR_ID, "sensorId is empty or blank");
    }
    long eventTime = decoded.getEventTime().toEpochMilli();
    if (eventTime < 0) {
      return reject(record, DeadLetterReason.INVALID_EVENT_TIME,
          "eventTime " + eventTime + " ms is before the epoch (sensor " + sensorId + ")");
    }
    if (eventTime - now > maxFutureSkewMillis) {
      return reject(record, DeadLetterReason.FUTURE_EVENT_TIME, "eventTime " + eventTime + " ms of sensor " + sensorId
          + " is " + (eventTime - now) + " ms ahead of processing time " + now + " ms, more than the allowed "
          + maxFutureSkewMillis + " ms");
    }
    double value = decoded.getValue();
    if (!Double.isFinite(value)) {
      return reject(record, DeadLetterReason.NON_FINITE_VALUE,
          "value " + value + " of sensor " + sensorId + " at " + eventTime + " ms is not finite");
    }
    if (Math.abs(value) > DeadLetterReason.MAX_MAGNITUDE) {
      return reject(record, DeadLetterReason.VALUE_OUT_OF_RANGE, "value " + value + " of sensor " + sensorId
          + " at " + eventTime + " ms is beyond +-" + DeadLetterReason.MAX_MAGNITUDE);
    }
    return Either.Right(new Reading(sensorId, eventTime, value, record.partition(), record.offset()));
  }

  private static Either<DeadLetter, Reading> reject(
      ConsumerRecord<byte[], byte[]> record, DeadLetterReason reason, String detail) {
    return Either.Left(
        DeadLetters.of(record.topic(), record.partition(), record.offset(), reason, detail, record.value()));
  }

  @Override
  public TypeInformation<Either<DeadLetter, Reading>> getProducedType() {
    return TYPE;
  }
}
