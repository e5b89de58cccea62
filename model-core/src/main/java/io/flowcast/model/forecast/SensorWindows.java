package io.flowcast.model.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * One sensor's history as the job would see it: the windows that had readings, in time order, each
 * with its start and value (the mean of its readings). Windows without readings are absent; the
 * gaps between starts say how many were missed.
 *
 * @param sensorId the sensor
 * @param windowMillis the windows' length
 * @param starts window starts, epoch milliseconds, strictly increasing, each a multiple of
 *     {@code windowMillis} apart from the previous
 * @param means the windows' values, finite
 */
public record SensorWindows(String sensorId, long windowMillis, long[] starts, double[] means) {

  public SensorWindows {
    if (windowMillis < 1) {
      throw new IllegalArgumentException("windowMillis must be >= 1, got " + windowMillis);
    }
    if (starts.length != means.length) {
      throw new IllegalArgumentException(
          sensorId + ": " + starts.length + " window starts but " + means.length + " values");
    }
    for (int i = 1; i < starts.length; i++) {
      long distance = starts[i] - starts[i - 1];
      if (distance <= 0 || distance % windowMillis != 0) {
        throw new IllegalArgumentException(sensorId + ": window " + i + " starts at " + starts[i]
            + ", not a whole number of windows after " + starts[i - 1]);
      }
    }
  }

  /** Windows with readings. */
  public int size() {
    return starts.length;
  }

  /** Windows missed between window {@code i - 1} and window {@code i} (i >= 1). */
  public long missedBefore(int i) {
    return (starts[i] - starts[i - 1]) / windowMillis - 1;
  }

  /** The windows as the job's window operator closes them, for a {@link SensorReplay}. */
  public List<ReplayWindow> replayWindows() {
    List<ReplayWindow> windows = new ArrayList<>(starts.length);
    for (int i = 0; i < starts.length; i++) {
      windows.add(new ReplayWindow(sensorId, starts[i], starts[i] + windowMillis, means[i]));
    }
    return windows;
  }
}
