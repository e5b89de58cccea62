package io.flowcast.flink.forecast;

import io.flowcast.model.forecast.SensorEvents;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The ForecastOperator's counters, in its operator metric group: {@code forecasts},
 * {@code anomalies}, {@code imputedWindows}, {@code stateResets}, {@code staleWindows} (a window
 * at or before the sensor's last one, e.g. a late re-firing; not stepped, not emitted),
 * {@code bundles}, and the gauge {@code lastBundleSize}.
 */
final class ForecastMetrics implements SensorEvents {
  private final Counter forecasts;
  private final Counter anomalies;
  private final Counter imputedWindows;
  private final Counter stateResets;
  private final Counter staleWindows;
  private final Counter bundles;
  private volatile int lastBundleSize;

  ForecastMetrics(MetricGroup group) {
    forecasts = group.counter("forecasts");
    anomalies = group.counter("anomalies");
    imputedWindows = group.counter("imputedWindows");
    stateResets = group.counter("stateResets");
    staleWindows = group.counter("staleWindows");
    bundles = group.counter("bundles");
    group.gauge("lastBundleSize", () -> lastBundleSize);
  }

  void forecast(boolean anomaly) {
    forecasts.inc();
    if (anomaly) {
      anomalies.inc();
    }
  }

  @Override
  public void imputedWindow() {
    imputedWindows.inc();
  }

  @Override
  public void stateReset() {
    stateResets.inc();
  }

  @Override
  public void staleWindow() {
    staleWindows.inc();
  }

  void bundle(int size) {
    bundles.inc();
    lastBundleSize = size;
  }
}
