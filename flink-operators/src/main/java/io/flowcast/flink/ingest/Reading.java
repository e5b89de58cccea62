package io.flowcast.flink.ingest;

import java.util.Objects;

/**
 * One decoded, valid sensor reading, with the Kafka coordinates it was read from so that it can
 * still be dead-lettered (for example when it arrives too late for its window). A Flink POJO:
 * serialised by Flink's {@code PojoSerializer}, never Kryo.
 */
public class Reading {
  /** Stable id of the sensor, never blank. */
  public String sensorId;
  /** When the value was measured, epoch milliseconds, never negative. */
  public long eventTime;
  /** The primary channel, always finite. */
  public double value;
  /** Kafka partition the reading was read from. */
  public int partition;
  /** Kafka offset of the reading within its partition. */
  public long offset;

  /** For Flink's POJO serializer. */
  public Reading() {}

  public Reading(String sensorId, long eventTime, double value, int partition, long offset) {
    this.sensorId = sensorId;
    this.eventTime = eventTime;
    this.value = value;
    this.partition = partition;
    this.offset = offset;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Reading other)) {
      return false;
    }
    return eventTime == other.eventTime
        && Double.compare(value, other.value) == 0
        && partition == other.partition
        && offset == other.offset
        && Objects.equals(sensorId, other.sensorId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sensorId, eventTime, value, partition, offset);
  }

  @Override
  public String toString() {
    return "Reading{sensorId=" + sensorId + ", eventTime=" + eventTime + ", value=" + value
        + ", partition=" + partition + ", offset=" + offset + "}";
  }
}
