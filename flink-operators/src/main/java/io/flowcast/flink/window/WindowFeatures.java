package io.flowcast.flink.window;

/** Features of one sensor's closed event-time window (a Flink POJO). */
public class WindowFeatures {
  public String sensorId;
  public long windowStart;
  public long windowEnd;
  public double mean;
  public double min;
  public double max;
  public double last;
  public long count;

  public WindowFeatures() {}

  public WindowFeatures(String sensorId, long windowStart, long windowEnd, double mean, double min,
      double max, double last, long count) {
    this.sensorId = sensorId;
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.mean = mean;
    this.min = min;
    this.max = max;
    this.last = last;
    this.count = count;
  }
}
