package io.flowcast.flink.job;

/** The Kafka timestamp of every record the job writes (option {@code sink.timestamp}). */
public enum SinkTimestamp {
  /**
   * The record's event time (a forecast's window end), but never later than the wall clock when
   * it is written, so that the brokers' {@code log.message.timestamp.after.max.ms} cannot refuse
   * it. Replayed history keeps its old timestamps: a topic's time-based retention then deletes
   * such records as soon as they are written.
   */
  EVENT_TIME("event-time"),
  /** The wall clock when the record is written: retention counts from the write, as for any producer. */
  PROCESSING_TIME("processing-time");

  private final String id;

  SinkTimestamp(String id) {
    this.id = id;
  }

  /** The option's value, which Flink's enum parsing matches (case-insensitively). */
  @Override
  public String toString() {
    return id;
  }
}
