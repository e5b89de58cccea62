package io.flowcast.flink.job;

/** Where the readings source starts in each partition (option {@code source.starting-offsets}). */
public enum StartingOffsets {
  /** The oldest record still in the topic. */
  EARLIEST,
  /** Only records produced after the job started. */
  LATEST,
  /** The consumer group's committed offset, or the earliest record where the group has none. */
  COMMITTED
}
