package io.flowcast.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects what a pipeline run's tasks saw: when the first reading was generated, and each sink
 * subtask's forecast latencies and the time of its last forecast. Static, because the tasks of a
 * local MiniCluster run in this JVM; one run at a time ({@link #reset} before each).
 */
final class PipelineRecorder {
  private static long firstReadingAt;
  private static long lastForecastAt;
  private static final List<long[]> LATENCIES = new ArrayList<>();

  private PipelineRecorder() {}

  /** Forgets the previous run. */
  static synchronized void reset() {
    firstReadingAt = Long.MAX_VALUE;
    lastForecastAt = Long.MIN_VALUE;
    LATENCIES.clear();
  }

  /** A source subtask made its first reading at {@code millis}. */
  static synchronized void firstReading(long millis) {
    firstReadingAt = Math.min(firstReadingAt, millis);
  }

  /** A sink subtask's latencies (ms, the first {@code count} of {@code latencies}) and last forecast. */
  static synchronized void sinkDone(long[] latencies, int count, long lastAt) {
    LATENCIES.add(Arrays.copyOf(latencies, count));
    lastForecastAt = Math.max(lastForecastAt, lastAt);
  }

  /** Milliseconds from the first reading to the last forecast. */
  static synchronized long activeMillis() {
    return lastForecastAt - firstReadingAt;
  }

  /** Every recorded latency in milliseconds, sorted. */
  static synchronized long[] sortedLatencies() {
    long[] all = LATENCIES.stream().flatMapToLong(Arrays::stream).toArray();
    Arrays.sort(all);
    return all;
  }
}
