package io.flowcast.benchmarks;

/**
 * What one pipeline run measured.
 *
 * @param variant the forecasting stage
 * @param forecasts forecasts that reached the sink
 * @param activeMillis from the first generated reading to the last forecast
 * @param wallMillis the whole job, MiniCluster start and stop included
 * @param p50Millis median latency from window close to the sink
 * @param p99Millis 99th percentile of that latency
 */
record PipelineRun(
    PipelineVariant variant, long forecasts, long activeMillis, long wallMillis, long p50Millis, long p99Millis) {

  /** Forecasts per second over {@link #activeMillis}. */
  double forecastsPerSecond() {
    return forecasts * 1000.0 / activeMillis;
  }

  /** The {@code q}-quantile (nearest rank) of the sorted, non-empty {@code values}. */
  static long quantile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
