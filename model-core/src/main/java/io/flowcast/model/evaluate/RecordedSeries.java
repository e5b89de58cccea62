package io.flowcast.model.evaluate;

import io.flowcast.model.forecast.SensorWindows;
import java.util.Arrays;

/**
 * One value column of a {@link RecordedFile} windowed as the job windows a live sensor: tumbling
 * windows of {@code windowMillis} (offset 0), each window's value the mean of its readings, windows
 * without a reading absent (the gap policy steps over them). Also maps every data row to its
 * window, so that results can be written one row per data row.
 *
 * @param file the file
 * @param column the value column
 * @param windows the sensor's windows
 * @param rowWindow for each data row, the index of its window in {@code windows}, or -1 for a
 *     missing reading
 * @param closesWindow for each data row, whether it is its window's last reading: its window's
 *     score exists only from then on (no peeking at later rows)
 */
public record RecordedSeries(RecordedFile file, int column, SensorWindows windows, int[] rowWindow,
    boolean[] closesWindow) {

  /** Windows column {@code column} of {@code file}. */
  public static RecordedSeries of(RecordedFile file, int column, long windowMillis) {
    double[] values = file.values()[column];
    long[] times = file.times();
    int rows = file.rows();
    long[] starts = new long[rows];
    double[] means = new double[rows];
    int[] rowWindow = new int[rows];
    boolean[] closes = new boolean[rows];
    int windows = 0;
    int count = 0;
    int lastRow = -1;
    for (int row = 0; row < rows; row++) {
      if (Double.isNaN(values[row])) {
        rowWindow[row] = -1;
        continue;
      }
      long start = times[row] - Math.floorMod(times[row], windowMillis);
      if (count == 0 || start != starts[windows - 1]) {
        if (lastRow >= 0) {
          closes[lastRow] = true;
        }
        starts[windows] = start;
        means[windows] = 0;
        windows++;
        count = 0;
      }
      // an incremental mean: the job's aggregate sums in arrival order, the mean agrees to rounding
      count++;
      means[windows - 1] += (values[row] - means[windows - 1]) / count;
      rowWindow[row] = windows - 1;
      lastRow = row;
    }
    if (lastRow >= 0) {
      closes[lastRow] = true;
    }
    SensorWindows sensor = new SensorWindows(file.sensorId(column), windowMillis, Arrays.copyOf(starts, windows),
        Arrays.copyOf(means, windows));
    return new RecordedSeries(file, column, sensor, rowWindow, closes);
  }

  public String sensorId() {
    return windows.sensorId();
  }

  /** The first window that no data row before {@code row} falls in (the windows' count if every one does). */
  public int firstWindowFrom(int row) {
    for (int r = Math.min(row, rowWindow.length) - 1; r >= 0; r--) {
      if (rowWindow[r] >= 0) {
        return rowWindow[r] + 1;
      }
    }
    return 0;
  }

  /** Windows before window {@code index}, as the windows built from the rows before it. */
  public SensorWindows windowsBefore(int index) {
    return new SensorWindows(windows.sensorId(), windows.windowMillis(), Arrays.copyOf(windows.starts(), index),
        Arrays.copyOf(windows.means(), index));
  }
}
