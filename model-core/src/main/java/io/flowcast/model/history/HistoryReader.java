package io.flowcast.model.history;

import io.flowcast.model.forecast.SensorWindows;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads sensors' history from CSV files and windows it exactly as the Flink job windows a live
 * stream: tumbling event-time windows of {@code windowMillis} with offset 0 (Flink's
 * {@code TumblingEventTimeWindows}: a reading at {@code t} falls in the window starting at
 * {@code t - floorMod(t, windowMillis)}), each window's value the mean of its readings (summed in
 * file order, as the job's aggregate sums them in arrival order). Windows without readings are
 * absent; the gap policy deals with them later.
 *
 * <p>Files: one CSV file, or every {@code *.csv} below a directory (recursively, in path order).
 * The first line is the header, naming the columns ({@link CsvColumns}). Without a sensor column a
 * file is one sensor whose id is its path relative to the directory (or its name) without
 * {@code .csv}; with one, the column says.
 *
 * <p>Errors ({@link HistoryFormatException}, with file and line): an empty file, a header without a
 * configured column, a row with too few fields or an unclosed quote, an unparsable timestamp or
 * value, a timestamp before the sensor's previous one. Rows the job would turn into dead letters are
 * skipped and counted by reason, never dropped silently: an empty value, a NaN or infinite value,
 * a value beyond +-1e18, a negative time, an empty sensor id; so are blank lines.
 */
public final class HistoryReader {
  /** Readings beyond this magnitude are left out, as the job dead-letters them. */
  public static final double MAX_MAGNITUDE = 1e18;

  private final CsvColumns columns;
  private final long windowMillis;

  public HistoryReader(CsvColumns columns, long windowMillis) {
    if (windowMillis < 1) {
      throw new IllegalArgumentException("window must be >= 1 ms, got " + windowMillis);
    }
    this.columns = columns;
    this.windowMillis = windowMillis;
  }

  /**
   * Reads a file, or every {@code *.csv} below a directory.
   *
   * @throws HistoryFormatException naming the file and line of the first problem
   * @throws IOException if a file cannot be read
   */
  public History read(Path data) throws IOException, HistoryFormatException {
    List<Path> files = csvFiles(data);
    if (files.isEmpty()) {
      throw new HistoryFormatException(data, 0, "no *.csv files in the directory");
    }
    Map<String, SensorBuilder> sensors = new LinkedHashMap<>();
    Map<String, Long> skipped = new LinkedHashMap<>();
    long rows = 0;
    for (Path file : files) {
      rows += readFile(file, sensorIdOf(data, file), sensors, skipped);
    }
    List<SensorHistory> histories = new ArrayList<>();
    for (SensorBuilder sensor : sensors.values()) {
      histories.add(sensor.build());
    }
    return new History(histories, files, rows, skipped);
  }

  /**
   * {@code data} itself if it is a file, else every {@code *.csv} below it (recursively, in path
   * order; empty if none).
   *
   * @throws NoSuchFileException if {@code data} does not exist
   */
  public static List<Path> csvFiles(Path data) throws IOException {
    if (!Files.isDirectory(data)) {
      if (!Files.exists(data)) {
        throw new NoSuchFileException(data.toString());
      }
      return List.of(data);
    }
    try (Stream<Path> walk = Files.walk(data)) {
      return walk.filter(path -> Files.isRegularFile(path) && path.getFileName().toString().endsWith(".csv"))
          .sorted()
          .toList();
    }
  }

  private static String sensorIdOf(Path data, Path file) {
    Path relative = Files.isDirectory(data) ? data.relativize(file) : file.getFileName();
    String id = relative.toString().replace('\\', '/');
    return id.endsWith(".csv") ? id.substring(0, id.length() - 4) : id;
  }

  /** Reads one file's rows into {@code sensors}; returns the data rows read. */
  private long readFile(Path file, String fileSensorId, Map<String, SensorBuilder> sensors,
      Map<String, Long> skipped) throws IOException, HistoryFormatException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null || header.isBlank()) {
        throw new HistoryFormatException(file, 1, "no header (expected a first line naming the columns, e.g. "
            + columns.time() + "," + columns.value() + ")");
      }
      List<String> names = CsvFields.split(file, 1, header.replace("\uFEFF", ""));
      int timeAt = column(file, names, columns.time(), "--time-column");
      int valueAt = column(file, names, columns.value(), "--value-column");
      int sensorAt = columns.sensor() == null ? -1 : column(file, names, columns.sensor(), "--sensor-column");
      int needed = Math.max(timeAt, Math.max(valueAt, sensorAt)) + 1;
      long rows = 0;
      long lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          count(skipped, "blank line");
          continue;
        }
        rows++;
        List<String> fields = CsvFields.split(file, lineNumber, line);
        if (fields.size() < needed) {
          throw new HistoryFormatException(file, lineNumber,
              fields.size() + " fields, but the header names " + names.size());
        }
        String sensorId = sensorAt < 0 ? fileSensorId : fields.get(sensorAt);
        long time = Timestamps.parseMillis(file, lineNumber, fields.get(timeAt));
        if (sensorId.isEmpty()) {
          count(skipped, "empty sensor id");
          continue;
        }
        SensorBuilder sensor = sensors.computeIfAbsent(sensorId, id -> new SensorBuilder(id, file, windowMillis));
        String reason = sensor.add(time, fields.get(valueAt), file, lineNumber);
        if (reason != null) {
          count(skipped, reason);
        }
      }
      return rows;
    }
  }


  private static int column(Path file, List<String> names, String name, String option)
      throws HistoryFormatException {
    int at = names.indexOf(name);
    if (at < 0) {
      throw new HistoryFormatException(file, 1, "no column '" + name + "' in the header " + names
          + " (the first line must name the columns; choose another with " + option + ")");
    }
    return at;
  }


  private static void count(Map<String, Long> skipped, String reason) {
    skipped.merge(reason, 1L, Long::sum);
  }

  /** One sensor's windows as its rows come in, in time order. */
  private static final class SensorBuilder {
    private final String sensorId;
    private final Path file;
    private final long windowMillis;
    private long[] starts = new long[64];
    private double[] means = new double[64];
    private int windows;
    private long lastTime = Long.MIN_VALUE;
    private long lastLine;
    private Path lastFile;
    private long windowStart;
    private double sum;
    private long count;
    private long readings;

    SensorBuilder(String sensorId, Path file, long windowMillis) {
      this.sensorId = sensorId;
      this.file = file;
      this.windowMillis = windowMillis;
    }

    private void requireInOrder(Path rowFile, long line, long time) throws HistoryFormatException {
      if (time < lastTime) {
        throw new HistoryFormatException(rowFile, line, "timestamp " + Instant.ofEpochMilli(time)
            + " of sensor '" + sensorId + "' is before its previous one, "
            + Instant.ofEpochMilli(lastTime) + " at " + lastFile + ":" + lastLine
            + " (each sensor's rows must be in time order)");
      }
      lastTime = time;
      lastLine = line;
      lastFile = rowFile;
    }

    /** Adds a reading; returns why it was skipped, or null. */
    String add(long time, String text, Path rowFile, long line) throws HistoryFormatException {
      if (text.isEmpty()) {
        return "empty value";
      }
      double value;
      try {
        value = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new HistoryFormatException(rowFile, line, "unparsable value '" + text + "'");
      }
      if (!Double.isFinite(value)) {
        return "non-finite value";
      }
      if (Math.abs(value) > MAX_MAGNITUDE) {
        return "value beyond +-1e18";
      }
      if (time < 0) {
        return "negative time";
      }
      // only rows that go into a window must be in order, as the job dead-letters the others
      requireInOrder(rowFile, line, time);
      long start = time - Math.floorMod(time, windowMillis);
      if (count > 0 && start != windowStart) {
        closeWindow();
      }
      windowStart = start;
      sum += value;
      count++;
      readings++;
      return null;
    }

    private void closeWindow() {
      if (windows == starts.length) {
        starts = Arrays.copyOf(starts, 2 * windows);
        means = Arrays.copyOf(means, 2 * windows);
      }
      starts[windows] = windowStart;
      means[windows] = sum / count;
      windows++;
      sum = 0;
      count = 0;
    }

    SensorHistory build() {
      if (count > 0) {
        closeWindow();
      }
      return new SensorHistory(file, readings, new SensorWindows(
          sensorId, windowMillis, Arrays.copyOf(starts, windows), Arrays.copyOf(means, windows)));
    }
  }
}
