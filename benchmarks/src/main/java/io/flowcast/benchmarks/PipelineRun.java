package io.flowcast.benchmarks;

/**
 * What one pipeline run measured.
 *
 * @param variant the forecasting stage
 * @param forecasts forecasts that reached the sink
 * @param activeMillis from the first generated reading to the last forecast
 * @param wallMillis the whole job, MiniCluster start and stop included
 * @param cpuMillis CPU time of the whole process over {@link #activeMillis}, every thread counted
 * @param stageCpuMillis CPU time of the forecasting stage's task threads (sink included)
 * @param p50Millis median latency from window close to the sink
 * @param p99Millis 99th percentile of that latency
 * @param fineTuneRounds fine-tuning rounds decided during the run (0 without a fine-tuner)
 * @param fineTuneAccepted those of them whose candidate was published
 */
record PipelineRun(
    PipelineVariant variant, long forecasts, long activeMillis, long wallMillis, long cpuMillis,
    long stageCpuMillis, long p50Millis, long p99Millis, long fineTuneRounds, long fineTuneAccepted) {

  /** Forecasts per second over {@link #activeMillis}. */
  double forecastsPerSecond() {
    return forecasts * 1000.0 / activeMillis;
  }

  /**
   * Forecasts per CPU-second: what the pipeline costs regardless of how much of the machine it got
   * (on a shared machine the wall-clock rate swings with the other processes' load).
   */
  double forecastsPerCpuSecond() {
    return forecasts * 1000.0 / cpuMillis;
  }

  /** The {@code q}-quantile (nearest rank) of the sorted, non-empty {@code values}. */
  static long quantile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
