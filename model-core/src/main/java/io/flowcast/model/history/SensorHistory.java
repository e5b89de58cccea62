package io.flowcast.model.history;

import io.flowcast.model.forecast.SensorWindows;
import java.nio.file.Path;

/**
 * One sensor's history as read from CSV and windowed as the job windows it.
 *
 * @param file the file it came from
 * @param readings readings in its windows (rows used)
 * @param windows its windows
 */
public record SensorHistory(Path file, long readings, SensorWindows windows) {

  public String sensorId() {
    return windows.sensorId();
  }
}
