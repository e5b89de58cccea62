package io.flowcast.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects what a pipeline run's tasks saw: when the first reading was generated, and each sink
 * subtask's forecast latencies and the time of its last forecast, with the process's CPU time at
 * the first reading and at the last sink's end, and the CPU time of the sink subtasks' threads
 * (the sink is chained to the forecasting stage, so that is the stage's own CPU time). Static, because the tasks of a local MiniCluster
 * run in this JVM; one run at a time ({@link #reset} before each).
 */
final class PipelineRecorder {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final List<long[]> LATENCIES = new ArrayList<>();
  private static long firstReadingAt;
  private static long lastForecastAt;
  private static long cpuAtFirstReading;
  private static long cpuAtLastSink;
  private static long stageCpuNanos;

  private PipelineRecorder() {}

  /** Forgets the previous run. */
  static synchronized void reset() {
    firstReadingAt = Long.MAX_VALUE;
    lastForecastAt = Long.MIN_VALUE;
    cpuAtFirstReading = Long.MAX_VALUE;
    cpuAtLastSink = Long.MIN_VALUE;
    stageCpuNanos = 0;
    LATENCIES.clear();
  }

  /** A source subtask made its first reading at {@code millis}. */
  static synchronized void firstReading(long millis) {
    firstReadingAt = Math.min(firstReadingAt, millis);
    cpuAtFirstReading = Math.min(cpuAtFirstReading, OS.getProcessCpuTime());
  }

  /**
   * A sink subtask's latencies (ms, the first {@code count} of {@code latencies}) and last forecast;
   * called from the subtask's own thread, whose CPU time it takes.
   */
  static synchronized void sinkDone(long[] latencies, int count, long lastAt) {
    stageCpuNanos += ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    LATENCIES.add(Arrays.copyOf(latencies, count));
    lastForecastAt = Math.max(lastForecastAt, lastAt);
    cpuAtLastSink = Math.max(cpuAtLastSink, OS.getProcessCpuTime());
  }

  /** Milliseconds from the first reading to the last forecast. */
  static synchronized long activeMillis() {
    return lastForecastAt - firstReadingAt;
  }

  /** CPU milliseconds of the whole process (all threads) from the first reading to the last sink's end. */
  static synchronized long cpuMillis() {
    return (cpuAtLastSink - cpuAtFirstReading) / 1_000_000;
  }

  /** CPU milliseconds of the forecasting stage's task threads (with the chained sink), all subtasks. */
  static synchronized long stageCpuMillis() {
    return stageCpuNanos / 1_000_000;
  }

  /** Every recorded latency in milliseconds, sorted. */
  static synchronized long[] sortedLatencies() {
    long[] all = LATENCIES.stream().flatMapToLong(Arrays::stream).toArray();
    Arrays.sort(all);
    return all;
  }
}
