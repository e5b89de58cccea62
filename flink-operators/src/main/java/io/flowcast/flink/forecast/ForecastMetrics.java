package io.flowcast.flink.forecast;

import io.flowcast.model.forecast.SensorEvents;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The ForecastOperator's counters, in its operator metric group: {@code forecasts},
 * {@code anomalies}, {@code imputedWindows}, {@code stateResets}, {@code stateShapeResets} (sensors
 * restarted because their state was written by a model of another {@link
 * io.flowcast.model.forecast.StateShape}: a restore into another shape, or a hot swap to one),
 * {@code staleWindows} (a window
 * at or before the sensor's last one, e.g. a late re-firing; not stepped, not emitted),
 * {@code bundles}, and the gauges {@code lastBundleSize}, {@code modelVersion} (the version every
 * forecast names), {@code stepTimeMicrosPerWindow} (model time of the last bundle per window
 * stepped) and {@code forecastLatencyMillis} (the last bundle's longest time from a window's close
 * to its forecast's emission). With hot swap: {@code modelSwaps} (announced versions now served),
 * {@code modelRejections} (announced versions that failed verification; forecasting went on with
 * the previous one) and {@code modelAnnouncementsIgnored} (not newer than the served version, e.g.
 * read again after a restore). With fine-tuning: {@code trainingSamples} (sent to the fine-tuner)
 * and {@code trainingSamplesDropped} (over {@code finetune.max-samples-per-second}).
 */
final class ForecastMetrics implements SensorEvents {
  private final Counter forecasts;
  private final Counter anomalies;
  private final Counter imputedWindows;
  private final Counter stateResets;
  private final Counter stateShapeResets;
  private final Counter staleWindows;
  private final Counter bundles;
  private final Counter modelSwaps;
  private final Counter modelRejections;
  private final Counter modelAnnouncementsIgnored;
  private final Counter trainingSamples;
  private final Counter trainingSamplesDropped;
  private volatile int lastBundleSize;
  private volatile long modelVersion;
  private volatile double stepTimeMicrosPerWindow;
  private volatile long forecastLatencyMillis;

  ForecastMetrics(MetricGroup group) {
    forecasts = group.counter("forecasts");
    anomalies = group.counter("anomalies");
    imputedWindows = group.counter("imputedWindows");
    stateResets = group.counter("stateResets");
    stateShapeResets = group.counter("stateShapeResets");
    staleWindows = group.counter("staleWindows");
    bundles = group.counter("bundles");
    modelSwaps = group.counter("modelSwaps");
    modelRejections = group.counter("modelRejections");
    modelAnnouncementsIgnored = group.counter("modelAnnouncementsIgnored");
    trainingSamples = group.counter("trainingSamples");
    trainingSamplesDropped = group.counter("trainingSamplesDropped");
    group.gauge("lastBundleSize", () -> lastBundleSize);
    group.gauge("modelVersion", () -> modelVersion);
    group.gauge("stepTimeMicrosPerWindow", () -> stepTimeMicrosPerWindow);
    group.gauge("forecastLatencyMillis", () -> forecastLatencyMillis);
  }

  void modelVersion(long version) {
    modelVersion = version;
  }

  @Override
  public void bundleStepped(long nanos, int windows) {
    if (windows > 0) {
      stepTimeMicrosPerWindow = nanos / 1e3 / windows;
    }
  }

  /** The longest time from a window's close to its forecast's emission in the last bundle. */
  void forecastLatency(long millis) {
    forecastLatencyMillis = millis;
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

  /** A sensor restarted because its state has another shape than the served model's. */
  void stateShapeReset() {
    stateShapeResets.inc();
  }

  @Override
  public void staleWindow() {
    staleWindows.inc();
  }

  void modelSwapped() {
    modelSwaps.inc();
  }

  void modelRejected() {
    modelRejections.inc();
  }

  void announcementIgnored() {
    modelAnnouncementsIgnored.inc();
  }

  void trainingSample(boolean sent) {
    (sent ? trainingSamples : trainingSamplesDropped).inc();
  }

  void bundle(int size) {
    bundles.inc();
    lastBundleSize = size;
  }
}
