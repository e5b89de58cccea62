package io.flowcast.flink.ingest;

import io.flowcast.model.history.HistoryReader;
import java.util.EnumSet;

/** Why a record went to the dead-letter topic; the {@code reason} field holds the constant's name. */
public enum DeadLetterReason {
  /** The value is not a plain Avro binary {@code SensorReading}. */
  MALFORMED_AVRO,
  /** The record has no value (a tombstone). */
  NULL_VALUE,
  /** The sensor id is empty or blank. */
  MISSING_SENSOR_ID,
  /** The value is NaN or infinite. */
  NON_FINITE_VALUE,
  /**
   * The value's magnitude is above {@link #MAX_MAGNITUDE}: the model works in float32, and the
   * squares of its running statistics must stay finite.
   */
  VALUE_OUT_OF_RANGE,
  /** The event time is before the epoch. */
  INVALID_EVENT_TIME,
  /**
   * The event time is further ahead of the decoding task's processing time than
   * {@code ingest.max-future-skew} (a clock that runs ahead): accepted, it would move its
   * partition's watermark into the future, so that the next readings of every sensor on that
   * partition would be late.
   */
  FUTURE_EVENT_TIME,
  /** The reading arrived after the watermark passed its window's end plus the allowed lateness. */
  LATE,
  /**
   * The reading's sensor is new and its parallel task already holds {@code state.max-sensors}
   * sensors (a flood of new ids).
   */
  TOO_MANY_SENSORS,
  /**
   * Its sensor already has a reading at the same event time among its latest ones
   * ({@code DuplicateReadingFilter}): a retried or re-sent reading; the first one is kept.
   */
  DUPLICATE;

  /** Largest accepted magnitude of a reading's value. */
  public static final double MAX_MAGNITUDE = HistoryReader.MAX_MAGNITUDE;

  /**
   * The reasons found while decoding a record ({@code DeadLetterSplitter} counts them); the others
   * are found, and counted, by the operator that finds them: {@link #LATE} by the late readings' side output,
   * {@link #TOO_MANY_SENSORS} by the admission, {@link #DUPLICATE} by the duplicate filter.
   */
  public static EnumSet<DeadLetterReason> foundWhileDecoding() {
    return EnumSet.range(MALFORMED_AVRO, FUTURE_EVENT_TIME);
  }
}
