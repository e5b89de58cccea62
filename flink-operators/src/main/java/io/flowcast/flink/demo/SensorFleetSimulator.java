package io.flowcast.flink.demo;

import io.flowcast.model.forecast.ForecastSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A deterministic fleet of sensors ({@link SensorProfile}): every reading is a pure function of
 * the seed, the sensor and the reading's index, so the live stream ({@link #readingsUntil}) and
 * the offline window means ({@link #windowMeans}) agree exactly, in any order of calls.
 *
 * <p>Readings come every {@link FleetSettings#readingIntervalMillis()} from
 * {@link FleetSettings#startMillis()} on, all sensors at each tick, in sensor order. In an
 * anomalous window (drawn with {@link FleetSettings#anomalyRate()} per sensor and window, never in
 * the first {@link FleetSettings#anomalyFreeWindows()}) all of the sensor's readings are shifted by
 * 6 to 10 (as configured) standard deviations of its window mean, up or down. From
 * {@link FleetSettings#driftFromWindow()} on, every sensor follows its drifted profile
 * ({@link SensorProfile#drift}, drawn from the seed like the profile itself): a concept drift that
 * a model fitted to the first profiles does not know.
 *
 * <p>Not thread-safe.
 */
public final class SensorFleetSimulator {
  private static final int PROFILE = 1;
  private static final int WINDOW_DEVIATION = 2;
  private static final int READING_NOISE = 3;
  private static final int ANOMALY = 4;
  private static final int DRIFT = 5;

  private final FleetSettings settings;
  private final SensorProfile[] profiles;
  private final SensorProfile[] drifted;
  private final long driftFromMillis;
  private final String[] sensorIds;
  private final int readingsPerWindow;
  private final List<InjectedAnomaly> injected = new ArrayList<>();
  private long nextTick;

  public SensorFleetSimulator(FleetSettings settings) {
    this.settings = settings;
    this.readingsPerWindow = settings.readingsPerWindow();
    this.profiles = new SensorProfile[settings.sensors()];
    this.drifted = new SensorProfile[settings.sensors()];
    this.sensorIds = new String[settings.sensors()];
    this.driftFromMillis = settings.driftFromWindow() == FleetSettings.NO_DRIFT ? Long.MAX_VALUE
        : settings.startMillis() + settings.driftFromWindow() * settings.windowMillis();
    for (int s = 0; s < profiles.length; s++) {
      profiles[s] = SensorProfile.draw(
          new Random(StatelessRandom.key(settings.seed(), s, 0, PROFILE)), readingsPerWindow);
      drifted[s] = profiles[s].drift(new Random(StatelessRandom.key(settings.seed(), s, 0, DRIFT)));
      sensorIds[s] = sensorId(s);
    }
  }

  /** The id of sensor {@code index}, e.g. {@code sensor-0007}. */
  public static String sensorId(int index) {
    return String.format("sensor-%04d", index);
  }

  public FleetSettings settings() {
    return settings;
  }

  /** The sensor's profile before the drift. */
  public SensorProfile profile(int sensor) {
    return profiles[sensor];
  }

  /** The sensor's profile at {@code eventTimeMillis}: the drifted one from the drift on. */
  public SensorProfile profileAt(int sensor, long eventTimeMillis) {
    return eventTimeMillis >= driftFromMillis ? drifted[sensor] : profiles[sensor];
  }

  /** Start of window {@code window} (0 = the window of the first reading), epoch milliseconds. */
  public long windowStart(int window) {
    return settings.startMillis() + window * settings.windowMillis();
  }

  /** Event time of the next reading {@link #readingsUntil} will produce. */
  public long nextEventTime() {
    return tickTime(nextTick);
  }

  /**
   * Produces, in event-time order, every reading of every sensor from the internal clock up to but
   * excluding {@code eventTimeExclusive}, and advances the clock. An anomalous window is recorded in
   * {@link #injectedAnomalies()} when its first reading is produced.
   */
  public void readingsUntil(long eventTimeExclusive, Consumer<SimulatedReading> sink) {
    for (; tickTime(nextTick) < eventTimeExclusive; nextTick++) {
      long time = tickTime(nextTick);
      int window = (int) (nextTick / readingsPerWindow);
      boolean windowOpens = nextTick % readingsPerWindow == 0;
      for (int s = 0; s < profiles.length; s++) {
        if (windowOpens && anomalyShift(s, window) != 0) {
          injected.add(new InjectedAnomaly(sensorIds[s], windowStart(window)));
        }
        sink.accept(new SimulatedReading(sensorIds[s], time, reading(s, nextTick)));
      }
    }
  }

  /** The anomalies in the windows {@link #readingsUntil} has reached so far, in time order. */
  public List<InjectedAnomaly> injectedAnomalies() {
    return List.copyOf(injected);
  }

  /** The anomalies in windows {@code [fromWindow, fromWindow + count)}, in time order. */
  public List<InjectedAnomaly> anomaliesInWindows(int fromWindow, int count) {
    List<InjectedAnomaly> anomalies = new ArrayList<>();
    for (int w = fromWindow; w < fromWindow + count; w++) {
      for (int s = 0; s < profiles.length; s++) {
        if (anomalyShift(s, w) != 0) {
          anomalies.add(new InjectedAnomaly(sensorIds[s], windowStart(w)));
        }
      }
    }
    return anomalies;
  }

  /** Means of the sensor's readings in windows {@code [fromWindow, fromWindow + count)}. */
  public float[] windowMeans(int sensor, int fromWindow, int count) {
    float[] means = new float[count];
    for (int i = 0; i < count; i++) {
      long firstTick = (long) (fromWindow + i) * readingsPerWindow;
      double sum = 0;
      for (int r = 0; r < readingsPerWindow; r++) {
        sum += reading(sensor, firstTick + r);
      }
      means[i] = (float) (sum / readingsPerWindow);
    }
    return means;
  }

  /** The sensor's value at {@code eventTimeMillis} without noise or anomalies. */
  public double expectedValue(int sensor, long eventTimeMillis) {
    SensorProfile p = profileAt(sensor, eventTimeMillis);
    double season = 2 * Math.PI * Math.floorMod(eventTimeMillis, settings.seasonPeriodMillis())
        / settings.seasonPeriodMillis();
    double days = (double) (eventTimeMillis - settings.startMillis()) / ForecastSettings.DAY_MILLIS;
    return p.level() + p.amplitude() * Math.sin(season + p.phase())
        + p.harmonic() * Math.sin(2 * season + p.harmonicPhase()) + p.trendPerDay() * days;
  }

  private double reading(int sensor, long tick) {
    SensorProfile p = profiles[sensor];
    int window = (int) (tick / readingsPerWindow);
    long seed = settings.seed();
    return expectedValue(sensor, tickTime(tick))
        + p.windowSd() * StatelessRandom.gaussian(StatelessRandom.key(seed, sensor, window, WINDOW_DEVIATION))
        + p.readingSd() * StatelessRandom.gaussian(StatelessRandom.key(seed, sensor, tick, READING_NOISE))
        + anomalyShift(sensor, window);
  }

  /** The spike added to every reading of the sensor's window; 0 in a normal window. */
  private double anomalyShift(int sensor, int window) {
    if (window < settings.anomalyFreeWindows() || settings.anomalyRate() == 0) {
      return 0;
    }
    long key = StatelessRandom.key(settings.seed(), sensor, window, ANOMALY);
    if (StatelessRandom.uniform(key) >= settings.anomalyRate()) {
      return 0;
    }
    double sigmas = settings.minAnomalySigmas()
        + (settings.maxAnomalySigmas() - settings.minAnomalySigmas()) * StatelessRandom.uniform(key + 1);
    double sign = StatelessRandom.uniform(key + 2) < 0.5 ? -1 : 1;
    return sign * sigmas * profiles[sensor].windowMeanSd(readingsPerWindow);
  }

  private long tickTime(long tick) {
    return settings.startMillis() + tick * settings.readingIntervalMillis();
  }
}
