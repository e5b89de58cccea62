package io.flowcast.model.history;

import io.flowcast.model.forecast.SensorWindows;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sensors' histories read by {@link HistoryReader}, and what was read to get them.
 *
 * @param sensors every sensor, ordered by file and first appearance
 * @param files the files read
 * @param rows data rows read (header and blank lines not counted)
 * @param skippedRows rows left out, by reason (e.g. {@code empty value}); every other row is in a
 *     window
 */
public record History(List<SensorHistory> sensors, List<Path> files, long rows, Map<String, Long> skippedRows) {

  public History {
    sensors = List.copyOf(sensors);
    files = List.copyOf(files);
    skippedRows = Map.copyOf(skippedRows);
  }

  /** The sensors' windows. */
  public List<SensorWindows> windows() {
    return sensors.stream().map(SensorHistory::windows).toList();
  }

  /** Windows of all sensors. */
  public long windowCount() {
    return sensors.stream().mapToLong(sensor -> sensor.windows().size()).sum();
  }

  /** Rows left out, all reasons together. */
  public long skippedRowCount() {
    return skippedRows.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Checks that every sensor has at least {@code windows} windows (e.g. one training sequence).
   *
   * @throws HistoryFormatException naming the first sensor's file that has fewer
   */
  public void requireWindows(int windows, String what) throws HistoryFormatException {
    for (SensorHistory sensor : sensors) {
      if (sensor.windows().size() < windows) {
        throw new HistoryFormatException(sensor.file(), 0, "sensor '" + sensor.sensorId() + "' has "
            + sensor.windows().size() + " windows, fewer than " + what + " of " + windows);
      }
    }
  }

  /** A description for summaries and checkpoint metadata. */
  public Map<String, Object> jsonFields() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("files", files.stream().map(Path::toString).toList());
    json.put("sensors", sensors.size());
    json.put("rows", rows);
    json.put("windows", windowCount());
    json.put("skipped_rows", skippedRowCount());
    json.put("skipped_by_reason", new TreeMap<>(skippedRows));
    return json;
  }
}
