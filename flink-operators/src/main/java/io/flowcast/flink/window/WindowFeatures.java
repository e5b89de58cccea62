package io.flowcast.flink.window;

import java.util.Objects;

/**
 * What one sensor's readings in one tumbling event-time window add up to; the input of the
 * forecasting stage. A Flink POJO.
 */
public class WindowFeatures {
  /** The sensor. */
  public String sensorId;
  /** Start of the window, epoch milliseconds, inclusive. */
  public long windowStart;
  /** End of the window, epoch milliseconds, exclusive. */
  public long windowEnd;
  /** Arithmetic mean of the window's values. */
  public double mean;
  /** Smallest value. */
  public double min;
  /** Largest value. */
  public double max;
  /** Value with the greatest event time (of those tied, the one that arrived last). */
  public double last;
  /** Number of readings, at least 1. */
  public long count;
  /**
   * Processing time (epoch ms) at which the window fired, for latency tracking; not part of the
   * value (ignored by {@link #equals}).
   */
  public long closedAt;

  /** For Flink's POJO serializer. */
  public WindowFeatures() {}

  public WindowFeatures(
      String sensorId, long windowStart, long windowEnd, double mean, double min, double max, double last, long count) {
    this.sensorId = sensorId;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.mean = mean;
    this.min = min;
    this.max = max;
    this.last = last;
    this.count = count;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WindowFeatures other)) {
      return false;
    }
    return windowStart == other.windowStart
        && windowEnd == other.windowEnd
        && Double.compare(mean, other.mean) == 0
        && Double.compare(min, other.min) == 0
        && Double.compare(max, other.max) == 0
        && Double.compare(last, other.last) == 0
        && count == other.count
        && Objects.equals(sensorId, other.sensorId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sensorId, windowStart, windowEnd, mean, min, max, last, count);
  }

  @Override
  public String toString() {
    return "WindowFeatures{sensorId=" + sensorId + ", window=[" + windowStart + ", " + windowEnd + "), mean=" + mean
        + ", min=" + min + ", max=" + max + ", last=" + last + ", count=" + count + "}";
  }
}
