package io.flowcast.benchmarks;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one production-shape run measured.
 *
 * @param variant the forecasting stage
 * @param sensors sensors of the input
 * @param steadyForecasts forecasts of the steady part: every window but the first and the last
 * @param steadyMillis how long the sinks took to write them: from the first window's last forecast
 *     to the second-to-last window's last forecast
 * @param steadyCpuMillis CPU time of the whole process (MiniCluster and broker) over {@code steadyMillis}
 * @param committedForecasts forecasts a read_committed consumer sees after the run
 * @param expectedForecasts one per sensor and window
 * @param checkpoints the completed checkpoints
 * @param failedAt when the injected failure was thrown (epoch ms), if it was
 * @param runningAgainAt when every task was running again after it, if seen
 * @param wallMillis the whole run, MiniCluster start and stop included
 */
record ProductionShapeRun(
    PipelineVariant variant, int sensors, long steadyForecasts, long steadyMillis, long steadyCpuMillis,
    long committedForecasts,
    long expectedForecasts, List<CompletedCheckpoint> checkpoints, OptionalLong failedAt, OptionalLong runningAgainAt,
    long wallMillis) {

  /** Forecasts per second over the steady part. */
  double forecastsPerSecond() {
    return steadyForecasts * 1000.0 / steadyMillis;
  }

  /**
   * Forecasts per CPU-second over the steady part: what the pipeline costs regardless of how much
   * of a shared machine it got.
   */
  double forecastsPerCpuSecond() {
    return steadyForecasts * 1000.0 / steadyCpuMillis;
  }

  /** Whether the committed output holds exactly one forecast per sensor and window. */
  boolean exactlyOnce() {
    return committedForecasts == expectedForecasts;
  }

  /** Median duration of the completed checkpoints, ms. */
  double checkpointMillisMedian() {
    return median(checkpoints.stream().mapToDouble(CompletedCheckpoint::durationMillis).toArray());
  }

  /** Longest completed checkpoint, ms. */
  long checkpointMillisMax() {
    return checkpoints.stream().mapToLong(CompletedCheckpoint::durationMillis).max().orElse(0);
  }

  /** Median of what each checkpoint wrote (incremental size), bytes. */
  double checkpointedBytesMedian() {
    return median(checkpoints.stream().mapToDouble(CompletedCheckpoint::checkpointedBytes).toArray());
  }

  /**
   * Full state size of the last checkpoint completed before the failure (of the last one if
   * nothing failed, or if none completed before it): every sensor's state, the open windows and
   * the operators' own state.
   */
  long stateBytes() {
    long before = failedAt.orElse(Long.MAX_VALUE);
    return checkpoints.stream()
        .filter(checkpoint -> checkpoint.completedAt() < before)
        .reduce((first, second) -> second)
        .or(() -> checkpoints.stream().reduce((first, second) -> second))
        .map(CompletedCheckpoint::stateBytes)
        .orElse(0L);
  }

  /** {@link #stateBytes} per sensor. */
  double stateBytesPerSensor() {
    return stateBytes() / (double) sensors;
  }

  /** Seconds from the injected failure until every task was running again. */
  OptionalDouble recoveryRunningSeconds() {
    return failedAt.isPresent() && runningAgainAt.isPresent()
        ? OptionalDouble.of((runningAgainAt.getAsLong() - failedAt.getAsLong()) / 1000.0)
        : OptionalDouble.empty();
  }

  /**
   * Seconds from the injected failure until the first checkpoint triggered after it completed: when
   * the restarted job's exactly-once sinks commit output again.
   */
  OptionalDouble recoveryCommittedSeconds() {
    if (failedAt.isEmpty()) {
      return OptionalDouble.empty();
    }
    long failed = failedAt.getAsLong();
    return checkpoints.stream()
        .filter(checkpoint -> checkpoint.triggeredAt() > failed)
        .mapToDouble(checkpoint -> (checkpoint.completedAt() - failed) / 1000.0)
        .findFirst();
  }

  private static double median(double[] values) {
    return values.length == 0 ? Double.NaN : Median.of(values);
  }
}
