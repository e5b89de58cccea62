package io.flowcast.model.evaluate;

import io.flowcast.model.history.CsvFields;
import io.flowcast.model.history.HistoryFormatException;
import io.flowcast.model.history.HistoryReader;
import io.flowcast.model.history.Timestamps;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads recorded CSV files for an evaluation: one file, or every {@code *.csv} below a directory
 * (recursively, in path order, as NAB lays out {@code DIR/<category>/<file>.csv}).
 *
 * <p>The first line names the columns. The time column is {@code timeColumn}, or the first column
 * when none is named; every other column is a value column, one sensor each. Timestamps are read
 * by {@link Timestamps} and must not go back in time. An empty, non-finite or out-of-range value
 * (beyond {@link HistoryReader#MAX_MAGNITUDE}) is a missing reading (NaN), as the job would
 * dead-letter it; anything else that is not a number, a row with another number of fields than
 * the header, or a bad timestamp is a {@link HistoryFormatException} naming the file and line.
 */
public final class RecordedFileReader {
  private final String timeColumn;
  private final int maxRows;

  /**
   * @param timeColumn the time column's header, or null for the first column
   * @param maxRows data rows read per file at the most, 0 for all
   */
  public RecordedFileReader(String timeColumn, int maxRows) {
    if (maxRows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + maxRows);
    }
    this.timeColumn = timeColumn;
    this.maxRows = maxRows;
  }

  /**
   * Reads {@code data}: a CSV file or a directory of them.
   *
   * @throws HistoryFormatException naming the file and line of the first problem
   * @throws IOException if a file cannot be read
   */
  public List<RecordedFile> read(Path data) throws IOException, HistoryFormatException {
    List<Path> files = HistoryReader.csvFiles(data);
    if (files.isEmpty()) {
      throw new HistoryFormatException(data, 0, "no *.csv files in the directory");
    }
    List<RecordedFile> read = new ArrayList<>();
    for (Path file : files) {
      Path relative = Files.isDirectory(data) ? data.relativize(file) : file.getFileName();
      read.add(readFile(file, relative.toString().replace('\\', '/')));
    }
    return read;
  }

  private RecordedFile readFile(Path file, String name) throws IOException, HistoryFormatException {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null || header.isBlank()) {
        throw new HistoryFormatException(file, 1, "no header (expected a first line naming the columns, e.g."
            + " timestamp,value)");
      }
      List<String> names = CsvFields.split(file, 1, header.replace("\uFEFF", ""));
      int timeAt = timeColumn == null ? 0 : names.indexOf(timeColumn);
      if (timeAt < 0) {
        throw new HistoryFormatException(file, 1, "no column '" + timeColumn + "' in the header " + names
            + " (choose another with --time-column)");
      }
      if (names.size() < 2) {
        throw new HistoryFormatException(file, 1, "the header " + names + " names no value column besides the"
            + " time column");
      }
      List<String> valueColumns = new ArrayList<>(names);
      valueColumns.remove(timeAt);
      List<String> timeTexts = new ArrayList<>();
      long[] times = new long[1024];
      double[][] values = new double[valueColumns.size()][1024];
      long line = 1;
      int rows = 0;
      for (String text = reader.readLine(); text != null && (maxRows == 0 || rows < maxRows);
          text = reader.readLine()) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        List<String> fields = CsvFields.split(file, line, text);
        if (fields.size() != names.size()) {
          throw new HistoryFormatException(file, line, fields.size() + " fields, but the header names " + names.size());
        }
        if (rows == times.length) {
          times = Arrays.copyOf(times, 2 * rows);
          for (int c = 0; c < values.length; c++) {
            values[c] = Arrays.copyOf(values[c], 2 * rows);
          }
        }
        times[rows] = Timestamps.parseMillis(file, line, fields.get(timeAt));
        if (rows > 0 && times[rows] < times[rows - 1]) {
          throw new HistoryFormatException(file, line, "timestamp " + fields.get(timeAt) + " is before the previous"
              + " row's " + timeTexts.get(rows - 1) + " (rows must be in time order)");
        }
        timeTexts.add(fields.get(timeAt));
        for (int c = 0, field = 0; field < fields.size(); field++) {
          if (field != timeAt) {
            values[c++][rows] = value(file, line, names.get(field), fields.get(field));
          }
        }
        rows++;
      }
      if (rows == 0) {
        throw new HistoryFormatException(file, 0, "no data rows below the header");
      }
      for (int c = 0; c < values.length; c++) {
        values[c] = Arrays.copyOf(values[c], rows);
      }
      return new RecordedFile(file, name, names.get(timeAt), valueColumns, timeTexts, Arrays.copyOf(times, rows),
          values);
    }
  }



  private static double value(Path file, long line, String column, String text) throws HistoryFormatException {
    if (text.isEmpty()) {
      return Double.NaN;
    }
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new HistoryFormatException(file, line, "column '" + column + "': unparsable value '" + text + "'");
    }
    return Double.isFinite(value) && Math.abs(value) <= HistoryReader.MAX_MAGNITUDE ? value : Double.NaN;
  }
}
