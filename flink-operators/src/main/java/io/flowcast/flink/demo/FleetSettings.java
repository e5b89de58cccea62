package io.flowcast.flink.demo;

import io.flowcast.model.forecast.ForecastSettings;

/**
 * What a {@link SensorFleetSimulator} simulates: how many sensors, how often they read, the window
 * grid the anomalies are aligned to, the seasonal period, and how often and how strongly anomalies
 * are injected.
 *
 * @param sensors number of sensors, {@code sensor-0000} on
 * @param seed seed of everything random (sensor profiles, noise, anomalies)
 * @param startMillis event time of the first reading; a multiple of {@code windowMillis}, so that
 *     the simulated windows are the epoch-aligned tumbling windows of the job
 * @param readingIntervalMillis event time between two readings of a sensor
 * @param windowMillis window length, a multiple of {@code readingIntervalMillis}
 * @param seasonPeriodMillis period of the sensors' seasonality
 * @param anomalyRate probability that a sensor's window is anomalous, in [0, 1]
 * @param anomalyFreeWindows windows from the start in which no anomaly is injected (a forecaster
 *     cannot score them before it has warmed up)
 * @param minAnomalySigmas smallest spike, in standard deviations of the sensor's window mean
 * @param maxAnomalySigmas largest spike, in the same unit
 * @param driftFromWindow window from which every sensor follows its drifted profile
 *     ({@link SensorProfile#drift}); {@link #NO_DRIFT} for never
 */
public record FleetSettings(
    int sensors,
    long seed,
    long startMillis,
    long readingIntervalMillis,
    long windowMillis,
    long seasonPeriodMillis,
    double anomalyRate,
    int anomalyFreeWindows,
    double minAnomalySigmas,
    double maxAnomalySigmas,
    int driftFromWindow) {

  /** {@link #driftFromWindow} of a fleet that never drifts. */
  public static final int NO_DRIFT = Integer.MAX_VALUE;

  /** 2025-01-01T00:00:00Z, where simulated time starts by default. */
  public static final long DEFAULT_START_MILLIS = 1_735_689_600_000L;
  /** The demo's window: five minutes of event time. */
  public static final long DEMO_WINDOW_MILLIS = 5 * 60_000L;
  /** The demo's reading interval: ten seconds of event time (30 readings per window). */
  public static final long DEMO_READING_INTERVAL_MILLIS = 10_000L;
  /** The demo's anomaly rate per sensor window (about one anomaly per sensor every 2.5 days). */
  public static final double DEMO_ANOMALY_RATE = 0.0015;
  /**
   * The demo's quiet start, one day of 5-minute windows. A young sensor's residual statistics still
   * carry the huge normalised residuals of its first windows, scored while its scale was near zero,
   * and hide an anomaly for hundreds of windows (about 200 with {@link DemoSettings#RESIDUAL_ALPHA},
   * 350 with the default 0.02).
   */
  public static final int DEMO_ANOMALY_FREE_WINDOWS = 288;

  public FleetSettings {
    if (sensors < 1) {
      throw new IllegalArgumentException("sensors must be >= 1, got " + sensors);
    }
    if (readingIntervalMillis < 1 || windowMillis < readingIntervalMillis
        || windowMillis % readingIntervalMillis != 0) {
      throw new IllegalArgumentException("the window (" + windowMillis
          + " ms) must be a positive multiple of the reading interval (" + readingIntervalMillis + " ms)");
    }
    if (Math.floorMod(startMillis, windowMillis) != 0) {
      throw new IllegalArgumentException(
          "startMillis " + startMillis + " is not a multiple of the window " + windowMillis);
    }
    if (seasonPeriodMillis < 1) {
      throw new IllegalArgumentException("seasonPeriodMillis must be >= 1, got " + seasonPeriodMillis);
    }
    if (!(anomalyRate >= 0 && anomalyRate <= 1)) {
      throw new IllegalArgumentException("anomalyRate must be in [0, 1], got " + anomalyRate);
    }
    if (anomalyFreeWindows < 0) {
      throw new IllegalArgumentException("anomalyFreeWindows must be >= 0, got " + anomalyFreeWindows);
    }
    if (!(minAnomalySigmas > 0 && maxAnomalySigmas >= minAnomalySigmas)) {
      throw new IllegalArgumentException("anomaly sigmas must satisfy 0 < min <= max, got "
          + minAnomalySigmas + ", " + maxAnomalySigmas);
    }
    if (driftFromWindow < 0) {
      throw new IllegalArgumentException("driftFromWindow must be >= 0, got " + driftFromWindow);
    }
  }

  /** A fleet that never drifts. */
  public FleetSettings(int sensors, long seed, long startMillis, long readingIntervalMillis, long windowMillis,
      long seasonPeriodMillis, double anomalyRate, int anomalyFreeWindows, double minAnomalySigmas,
      double maxAnomalySigmas) {
    this(sensors, seed, startMillis, readingIntervalMillis, windowMillis, seasonPeriodMillis, anomalyRate,
        anomalyFreeWindows, minAnomalySigmas, maxAnomalySigmas, NO_DRIFT);
  }

  /**
   * The demo fleet: 5-minute windows of 30 readings, a daily season, anomalies of 6 to 10 standard
   * deviations in {@value #DEMO_ANOMALY_RATE} of the windows after the first
   * {@value #DEMO_ANOMALY_FREE_WINDOWS}, starting at {@link #DEFAULT_START_MILLIS}, without drift.
   */
  public static FleetSettings demo(int sensors, long seed) {
    return new FleetSettings(sensors, seed, DEFAULT_START_MILLIS, DEMO_READING_INTERVAL_MILLIS,
        DEMO_WINDOW_MILLIS, ForecastSettings.DAY_MILLIS, DEMO_ANOMALY_RATE, DEMO_ANOMALY_FREE_WINDOWS,
        6, 10);
  }

  /** Readings of one sensor per window. */
  public int readingsPerWindow() {
    return (int) (windowMillis / readingIntervalMillis);
  }

  /** These settings with another window length (the reading interval must still divide it). */
  public FleetSettings withWindowMillis(long newWindowMillis) {
    return new FleetSettings(sensors, seed, startMillis, readingIntervalMillis, newWindowMillis,
        seasonPeriodMillis, anomalyRate, anomalyFreeWindows, minAnomalySigmas, maxAnomalySigmas, driftFromWindow);
  }

  /** These settings with another anomaly rate. */
  public FleetSettings withAnomalyRate(double newAnomalyRate) {
    return new FleetSettings(sensors, seed, startMillis, readingIntervalMillis, windowMillis,
        seasonPeriodMillis, newAnomalyRate, anomalyFreeWindows, minAnomalySigmas, maxAnomalySigmas, driftFromWindow);
  }

  /** These settings with the sensors drifting from window {@code window} on ({@link #NO_DRIFT}: never). */
  public FleetSettings withDriftFromWindow(int window) {
    return new FleetSettings(sensors, seed, startMillis, readingIntervalMillis, windowMillis,
        seasonPeriodMillis, anomalyRate, anomalyFreeWindows, minAnomalySigmas, maxAnomalySigmas, window);
  }
}
