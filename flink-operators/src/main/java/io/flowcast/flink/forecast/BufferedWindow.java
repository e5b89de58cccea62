package io.flowcast.flink.forecast;

import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.forecast.ClosedWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/** A window in the ForecastOperator's bundle: the record as it arrived, with its timestamp. */
record BufferedWindow(StreamRecord<WindowFeatures> record) implements ClosedWindow {

  WindowFeatures features() {
    return record.getValue();
  }

  @Override
  public long start() {
    return record.getValue().windowStart;
  }

  @Override
  public long end() {
    return record.getValue().windowEnd;
  }

  @Override
  public double mean() {
    return record.getValue().mean;
  }
}
