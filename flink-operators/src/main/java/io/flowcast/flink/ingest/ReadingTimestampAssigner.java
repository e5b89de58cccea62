package io.flowcast.flink.ingest;

import io.flowcast.schemas.DeadLetter;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.types.Either;

/**
 * Event time of a reading is its {@code eventTime}; dead letters get no timestamp
 * ({@link TimestampAssigner#NO_TIMESTAMP}) so that they never move the watermark (a bogus or
 * wall-clock time would make valid readings look late).
 */
public final class ReadingTimestampAssigner implements SerializableTimestampAssigner<Either<DeadLetter, Reading>> {
  private static final long serialVersionUID = 1L;

  @Override
  public long extractTimestamp(Either<DeadLetter, Reading> element, long recordTimestamp) {
    return element.isRight() ? element.right().eventTime : TimestampAssigner.NO_TIMESTAMP;
  }
}
