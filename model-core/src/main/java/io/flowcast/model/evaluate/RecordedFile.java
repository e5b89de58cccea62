package io.flowcast.model.evaluate;

import java.nio.file.Path;
import java.util.List;

/**
 * One recorded CSV file as {@link RecordedFileReader} read it: a time column and one or more value
 * columns, each column one sensor. NAB's {@code timestamp,value} files have one value column;
 * wide files (ETT's {@code date,HUFL,HULL,...}) have several.
 *
 * @param file the file
 * @param name its path relative to the data directory ({@code realAWSCloudwatch/x.csv}), also the
 *     relative path of its results
 * @param timeColumn the header of the time column
 * @param valueColumns the headers of the value columns, in file order
 * @param timeTexts each data row's timestamp as written, so that results repeat it exactly
 * @param times each data row's time, epoch milliseconds, non-decreasing
 * @param values {@code values[column][row]}; NaN where the field is empty or not finite (the job
 *     would dead-letter such a reading)
 */
public record RecordedFile(Path file, String name, String timeColumn, List<String> valueColumns,
    List<String> timeTexts, long[] times, double[][] values) {

  /** Steps of more than this many sampling periods (long gaps) do not enter the sampling interval. */
  static final int MAX_PERIODS_PER_STEP = 10;

  public RecordedFile {
    valueColumns = List.copyOf(valueColumns);
    timeTexts = List.copyOf(timeTexts);
    if (values.length != valueColumns.size()) {
      throw new IllegalArgumentException(values.length + " value arrays for " + valueColumns.size() + " columns");
    }
  }

  /** Data rows. */
  public int rows() {
    return times.length;
  }

  /** Whether the file has more than one value column. */
  public boolean wide() {
    return valueColumns.size() > 1;
  }

  /** The sensor id of value column {@code column}: the name without {@code .csv}, plus {@code #column} in a wide file. */
  public String sensorId(int column) {
    String base = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    return wide() ? base + "#" + valueColumns.get(column) : base;
  }

  /**
   * The data's own sampling interval: the time between consecutive timestamps divided by the
   * sampling periods it spans, each step counted as its multiple of the median positive step (a
   * late reading and the early one after it, a repeat, a gap of a few periods all count as what
   * they are), steps of more than {@value #MAX_PERIODS_PER_STEP} periods left out; rounded to whole
   * seconds when every timestamp is one. So readings whose timestamps jitter around 5 minutes give
   * 5 minutes, where the median step alone may be a second off (and a window a second too long
   * loses a reading every few hundred windows).
   *
   * @throws IllegalArgumentException if no two timestamps differ
   */
  public long samplingIntervalMillis() {
    long median = medianPositiveStep();
    double spanned = 0;
    long periods = 0;
    boolean wholeSeconds = times[0] % 1000 == 0;
    for (int i = 1; i < times.length; i++) {
      long step = times[i] - times[i - 1];
      wholeSeconds &= times[i] % 1000 == 0;
      long multiple = Math.round((double) step / median);
      if (step > 0 && multiple <= MAX_PERIODS_PER_STEP) {
        spanned += step;
        periods += multiple;
      }
    }
    double interval = spanned / periods;
    return wholeSeconds ? Math.max(1, Math.round(interval / 1000)) * 1000 : Math.max(1, Math.round(interval));
  }

  private long medianPositiveStep() {
    long[] steps = new long[Math.max(0, times.length - 1)];
    int n = 0;
    for (int i = 1; i < times.length; i++) {
      if (times[i] > times[i - 1]) {
        steps[n++] = times[i] - times[i - 1];
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(file + ": no two timestamps differ, so there is no sampling interval"
          + " (give --window)");
    }
    long[] positive = java.util.Arrays.copyOf(steps, n);
    java.util.Arrays.sort(positive);
    return positive[n / 2];
  }
}
