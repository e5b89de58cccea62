package io.flowcast.model.forecast;

/**
 * What the per-sensor forecasting logic needs of a closed window: where it lies in event time
 * ({@code [start, end)}, epoch milliseconds) and its value (the mean of its readings). The Flink
 * operator's buffered windows and the offline {@link SensorReplay}'s windows both are one.
 */
public interface ClosedWindow {
  /** Start of the window, inclusive, epoch milliseconds. */
  long start();

  /** End of the window, exclusive, epoch milliseconds. */
  long end();

  /** The window's value: the mean of its readings. */
  double mean();
}
