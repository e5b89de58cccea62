package io.flowcast.benchmarks;

import io.flowcast.flink.ingest.Reading;
import java.io.Serializable;
import java.util.Locale;

/**
 * The generated input of a pipeline run: {@code sensors} sensors, each sending
 * {@code readingsPerWindow} readings in each of {@code windows} tumbling windows, as one sequence
 * of indices that {@link #reading} maps to readings.
 *
 * <p>The sequence is cut into {@code parts} equal ranges, one per source subtask (Flink's number
 * sequence source gives each subtask one contiguous range); part p holds sensors p, p + parts,
 * p + 2 parts, ... In each part readings come window by window, and within a window round by
 * round (every sensor's first reading, then every sensor's second, ...), with event times that
 * never go back, so monotonous watermarks hold and each part's windows close in step with the
 * other's.
 *
 * @param sensors sensors in all, a multiple of {@code parts}
 * @param windows windows per sensor
 * @param readingsPerWindow readings per sensor and window
 * @param parts source subtasks
 * @param windowMillis size of the tumbling windows
 */
public record ReadingPlan(int sensors, int windows, int readingsPerWindow, int parts, long windowMillis)
    implements Serializable {

  /** Event time of the first reading: 2026-01-01T00:00:00Z. */
  static final long START_MILLIS = 1_767_225_600_000L;

  public ReadingPlan {
    if (sensors < 1 || windows < 1 || readingsPerWindow < 1 || parts < 1 || windowMillis < 1) {
      throw new IllegalArgumentException("every size must be >= 1");
    }
    if (sensors % parts != 0) {
      throw new IllegalArgumentException(sensors + " sensors do not split into " + parts + " parts");
    }
  }

  /** Readings in all. */
  public long readings() {
    return (long) sensors * windows * readingsPerWindow;
  }

  /** Windows (and so forecasts) in all. */
  public long windowCount() {
    return (long) sensors * windows;
  }

  /** For headers: e.g. {@code 100 sensors x 4 windows x 6 readings = 2400 readings, 400 windows; parallelism 2}. */
  public String describe() {
    return String.format(Locale.ROOT, "%d sensors x %d windows x %d readings = %d readings, %d windows; parallelism %d",
        sensors, windows, readingsPerWindow, readings(), windowCount(), parts);
  }

  /** The reading at {@code index}, 0 <= index < {@link #readings()}. */
  public Reading reading(long index) {
    long perPart = readings() / parts;
    int part = (int) (index / perPart);
    long local = index % perPart;
    int sensorsPerPart = sensors / parts;
    long perWindow = (long) sensorsPerPart * readingsPerWindow;
    long window = local / perWindow;
    long inWindow = local % perWindow;
    int sensor = part + parts * (int) (inWindow % sensorsPerPart);
    long eventTime = START_MILLIS + window * windowMillis + inWindow * windowMillis / perWindow;
    double value = 20 + 5 * Math.sin(window * 0.1 + sensor) + (inWindow / sensorsPerPart) * 0.01;
    return new Reading("sensor-" + sensor, eventTime, value, part, local);
  }
}
