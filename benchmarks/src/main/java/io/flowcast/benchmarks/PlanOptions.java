package io.flowcast.benchmarks;

import picocli.CommandLine.Option;

/**
 * The generated input's options of the pipeline benchmarks (a picocli mixin, each command with its
 * own default sizes) and the {@link ReadingPlan} they make; the parallelism is the plan's parts.
 */
final class PlanOptions {
  @Option(names = "--sensors", description = "Sensors (default: ${DEFAULT-VALUE}).")
  int sensors;

  @Option(names = "--windows", description = "Windows per sensor (default: ${DEFAULT-VALUE}).")
  int windows;

  @Option(names = "--readings-per-window", description = "Readings per sensor and window (default: ${DEFAULT-VALUE}).")
  int readingsPerWindow = 6;

  @Option(names = "--window-ms", description = "Event-time window size in ms (default: ${DEFAULT-VALUE}).")
  long windowMillis = 60_000;

  @Option(names = "--parallelism", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism = 2;

  PlanOptions(int sensors, int windows) {
    this.sensors = sensors;
    this.windows = windows;
  }

  /** The readings these options describe. */
  ReadingPlan plan() {
    return new ReadingPlan(sensors, windows, readingsPerWindow, parallelism, windowMillis);
  }
}
