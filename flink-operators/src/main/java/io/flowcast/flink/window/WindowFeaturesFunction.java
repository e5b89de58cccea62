package io.flowcast.flink.window;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Completes a window's aggregate with the sensor id, the window's bounds and the processing time it
 * fired at.
 */
public final class WindowFeaturesFunction
    extends ProcessWindowFunction<WindowAccumulator, WindowFeatures, String, TimeWindow> {
  private static final long serialVersionUID = 1L;

  @Override
  public void process(
      String sensorId, Context context, Iterable<WindowAccumulator> aggregates, Collector<WindowFeatures> out) {
    TimeWindow window = context.window();
    for (WindowAccumulator acc : aggregates) {
      WindowFeatures features = new WindowFeatures(
          sensorId, window.getStart(), window.getEnd(), acc.sum / acc.count, acc.min, acc.max, acc.lastValue,
          acc.count);
      features.closedAt = context.currentProcessingTime();
      out.collect(features);
    }
  }
}
