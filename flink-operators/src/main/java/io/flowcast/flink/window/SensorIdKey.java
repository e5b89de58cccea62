package io.flowcast.flink.window;

import io.flowcast.flink.ingest.Reading;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys readings by sensor, so that each sensor's windows and state live together. */
public final class SensorIdKey implements KeySelector<Reading, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public String getKey(Reading reading) {
    return reading.sensorId;
  }
}
