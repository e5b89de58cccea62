package io.flowcast.flink.window;

/**
 * Running aggregate of one sensor's readings in one window, kept in window state. A Flink POJO;
 * see {@link WindowFeaturesAggregate} for how it is updated.
 */
public class WindowAccumulator {
  /** Readings folded in. */
  public long count;
  /** Sum of their values. */
  public double sum;
  /** Smallest value, +infinity while empty. */
  public double min = Double.POSITIVE_INFINITY;
  /** Largest value, -infinity while empty. */
  public double max = Double.NEGATIVE_INFINITY;
  /** Value of the reading with the greatest event time. */
  public double lastValue;
  /** Greatest event time folded in, {@link Long#MIN_VALUE} while empty. */
  public long lastEventTime = Long.MIN_VALUE;

  /** An empty accumulator. */
  public WindowAccumulator() {}
}
