package io.flowcast.flink.demo;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tallies what the demo's consumer sees on the output topics, for the progress lines and the final
 * {@code SUMMARY} line. Thread-safe: the producer, the consumer and a progress printer may call it
 * concurrently.
 *
 * <p>Counting rules:
 *
 * <ul>
 *   <li>Mean absolute errors: a forecast record enters both errors when it carries a finite
 *       one-step residual, the same sensor's previous record was for the immediately preceding
 *       window (records across a gap are skipped), and the sensor is past its first
 *       {@code warmUpWindows} records. The model's error is {@code |residual|}; the persistence
 *       error is {@code |actual - previous window's actual|}. Both are in the sensors' own units.
 *   <li>{@code anomalies_injected} counts the registered injected anomalies whose window the job
 *       could have closed: those of a sensor at or before the latest window of that sensor seen in
 *       a forecast record. Anomalies in windows still open are not counted yet.
 *   <li>{@code injected_detected} counts those of them for which a flagged record of the same
 *       sensor and window arrived (in either order of registration and arrival).
 *   <li>{@code anomalies_flagged} counts every flagged record.
 *   <li>{@code model_versions} counts the distinct model versions that made forecast records; the
 *       serving version of the progress lines is the highest of them, and the validation loss is
 *       that of the newest announcement on the checkpoints topic ({@link #onAnnouncement}).
 * </ul>
 */
public final class DemoScoreboard {
  private final long windowMillis;
  private final int warmUpWindows;
  private final LongAdder readings = new LongAdder();
  private final Set<InjectedAnomaly> injected = new HashSet<>();
  private final Set<InjectedAnomaly> flagged = new HashSet<>();
  private final Map<String, SensorTally> sensors = new HashMap<>();
  private final Set<Long> modelVersions = new HashSet<>();
  private long servingVersion = Long.MIN_VALUE;
  private long announcedVersion = Long.MIN_VALUE;
  private double lastValidationLoss = Double.NaN;
  private long forecasts;
  private long flaggedRecords;
  private long comparedWindows;
  private double modelErrorSum;
  private double persistenceErrorSum;

  /** The last record seen of one sensor. */
  private static final class SensorTally {
    long records;
    long lastWindowStart = Long.MIN_VALUE;
    double lastActual;
  }

  /**
   * @param windowMillis window length, to tell consecutive windows
   * @param warmUpWindows records per sensor left out of the errors (the forecaster's warm-up)
   */
  public DemoScoreboard(long windowMillis, int warmUpWindows) {
    if (windowMillis < 1 || warmUpWindows < 0) {
      throw new IllegalArgumentException("windowMillis must be >= 1 and warmUpWindows >= 0");
    }
    this.windowMillis = windowMillis;
    this.warmUpWindows = warmUpWindows;
  }

  /** Registers injected anomalies; registering one again has no effect. */
  public synchronized void addInjected(Collection<InjectedAnomaly> anomalies) {
    injected.addAll(anomalies);
  }

  /** Counts one produced reading. */
  public void onReading() {
    readings.increment();
  }

  /** Counts {@code count} produced readings. */
  public void addReadings(long count) {
    readings.add(count);
  }

  /**
   * Counts one forecast record: the closed window of a sensor.
   *
   * @param actual the window's value
   * @param residual actual minus the one-step forecast made for this window; null or NaN if none
   * @param anomaly whether the job flagged the window
   */
  public void onForecast(String sensorId, long windowStart, double actual, Double residual, boolean anomaly) {
    onForecast(sensorId, windowStart, actual, residual, anomaly, null);
  }

  /**
   * Counts one forecast record made by model version {@code modelVersion} (null if unknown, which
   * counts no version); otherwise as {@link #onForecast(String, long, double, Double, boolean)}.
   */
  public synchronized void onForecast(
      String sensorId, long windowStart, double actual, Double residual, boolean anomaly, Long modelVersion) {
    forecasts++;
    if (modelVersion != null) {
      modelVersions.add(modelVersion);
      servingVersion = Math.max(servingVersion, modelVersion);
    }
    if (anomaly) {
      flaggedRecords++;
      flagged.add(new InjectedAnomaly(sensorId, windowStart));
    }
    SensorTally tally = sensors.computeIfAbsent(sensorId, id -> new SensorTally());
    tally.records++;
    boolean consecutive = tally.lastWindowStart == windowStart - windowMillis;
    if (consecutive && tally.records > warmUpWindows && residual != null && Double.isFinite(residual)) {
      comparedWindows++;
      modelErrorSum += Math.abs(residual);
      persistenceErrorSum += Math.abs(actual - tally.lastActual);
    }
    if (windowStart > tally.lastWindowStart) {
      tally.lastWindowStart = windowStart;
      tally.lastActual = actual;
    }
  }

  /**
   * Notes a checkpoint announcement; the newest version's validation loss is the one shown.
   *
   * @param validationLoss the candidate's loss on the held-out samples, null or NaN if unknown
   */
  public synchronized void onAnnouncement(long version, Double validationLoss) {
    if (version > announcedVersion) {
      announcedVersion = version;
      lastValidationLoss = validationLoss == null ? Double.NaN : validationLoss;
    }
  }

  /** Distinct model versions that made forecast records so far. */
  public synchronized int modelVersions() {
    return modelVersions.size();
  }

  /** The figures so far. */
  public synchronized DemoFigures figures() {
    int closed = 0;
    int detected = 0;
    for (InjectedAnomaly anomaly : injected) {
      SensorTally tally = sensors.get(anomaly.sensorId());
      if (tally != null && anomaly.windowStart() <= tally.lastWindowStart) {
        closed++;
        if (flagged.contains(anomaly)) {
          detected++;
        }
      }
    }
    return new DemoFigures(readings.sum(), forecasts, closed, detected, flaggedRecords, comparedWindows,
        comparedWindows == 0 ? Double.NaN : modelErrorSum / comparedWindows,
        comparedWindows == 0 ? Double.NaN : persistenceErrorSum / comparedWindows);
  }

  /**
   * One line of progress: rates since the start, anomalies flagged against injected, and the two
   * errors, the serving model version ({@code -} before the first forecast) and the newest
   * announced validation loss ({@code NaN} before the first announcement), e.g. {@code
   * readings=1200 (400/s) forecasts=40 (13/s) flagged=1 injected=1 detected=1 mae=0.8000
   * mae_persistence=1.1000 serving_version=3 validation_loss=0.2100}.
   *
   * @param elapsed time since the demo started
   */
  public String progressLine(Duration elapsed) {
    DemoFigures f = figures();
    long serving;
    double validationLoss;
    synchronized (this) {
      serving = servingVersion;
      validationLoss = lastValidationLoss;
    }
    double seconds = Math.max(1e-3, elapsed.toMillis() / 1000.0);
    return String.format(Locale.ROOT,
        "readings=%d (%.0f/s) forecasts=%d (%.0f/s) flagged=%d injected=%d detected=%d"
            + " mae=%.4f mae_persistence=%.4f serving_version=%s validation_loss=%.4f",
        f.readings(), f.readings() / seconds, f.forecasts(), f.forecasts() / seconds,
        f.anomaliesFlagged(), f.anomaliesInjected(), f.injectedDetected(), f.mae(), f.maePersistence(),
        serving == Long.MIN_VALUE ? "-" : Long.toString(serving), validationLoss);
  }

  /**
   * The final line, exactly {@code SUMMARY readings=<n> forecasts=<n> anomalies_injected=<n>
   * injected_detected=<n> anomalies_flagged=<n> mae=<x> mae_persistence=<x> model_versions=<n>}
   * with the errors to four decimals ({@code NaN} when no window was compared).
   */
  public String summaryLine() {
    DemoFigures f = figures();
    return String.format(Locale.ROOT,
        "SUMMARY readings=%d forecasts=%d anomalies_injected=%d injected_detected=%d anomalies_flagged=%d"
            + " mae=%.4f mae_persistence=%.4f model_versions=%d",
        f.readings(), f.forecasts(), f.anomaliesInjected(), f.injectedDetected(), f.anomaliesFlagged(),
        f.mae(), f.maePersistence(), modelVersions());
  }
}
