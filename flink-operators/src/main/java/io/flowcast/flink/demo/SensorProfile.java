package io.flowcast.flink.demo;

import java.util.Random;

/**
 * The hidden character of one simulated sensor. Its noiseless value at event time t is
 *
 * <pre>
 *   level + amplitude sin(2 pi t / period + phase) + harmonic sin(4 pi t / period + harmonicPhase)
 *     + trendPerDay (t - start) / day
 * </pre>
 *
 * to which each window adds a shared Gaussian deviation ({@code windowSd}) and each reading its
 * own ({@code readingSd}); the two contribute equally to the variance of a window's mean.
 *
 * @param level base level, between 1 and 1000 (log-uniform) so that one model must serve any scale
 * @param amplitude seasonal amplitude, 10% to 30% of the level
 * @param phase seasonal phase in radians
 * @param trendPerDay drift per day, zero for half of the sensors, otherwise up to 5% of the level
 * @param windowSd standard deviation of the deviation shared by a window's readings
 * @param readingSd standard deviation of each reading's own noise
 * @param harmonic amplitude of a second, twice-per-period harmonic; 0 in a drawn profile, up to
 *     half the amplitude after a {@link #drift}
 * @param harmonicPhase its phase in radians
 */
public record SensorProfile(
    double level, double amplitude, double phase, double trendPerDay, double windowSd, double readingSd,
    double harmonic, double harmonicPhase) {

  /**
   * Draws a profile whose window means have a seasonal amplitude 6 to 12 times their noise.
   *
   * @param readingsPerWindow readings averaged into a window's mean
   */
  static SensorProfile draw(Random random, int readingsPerWindow) {
    double level = Math.pow(10, 3 * random.nextDouble());
    double amplitude = level * (0.1 + 0.2 * random.nextDouble());
    double phase = 2 * Math.PI * random.nextDouble();
    double trendPerDay = random.nextBoolean() ? 0 : level * 0.05 * (2 * random.nextDouble() - 1);
    double windowMeanSd = amplitude / (6 + 6 * random.nextDouble());
    double halfVariance = 0.5 * windowMeanSd * windowMeanSd;
    return new SensorProfile(level, amplitude, phase, trendPerDay, Math.sqrt(halfVariance),
        Math.sqrt(halfVariance * readingsPerWindow), 0, 0);
  }

  /**
   * The profile after a concept drift: the level shifts by up to 10% either way, the seasonal
   * amplitude grows by 10% to 40%, and the daily shape changes, a second harmonic (two peaks a
   * period) of 30% to 50% of the new amplitude joining the sine. Trend and noise are unchanged, so
   * that injected anomalies keep their size in standard deviations of the window mean.
   */
  SensorProfile drift(Random random) {
    double newLevel = level * (0.9 + 0.2 * random.nextDouble());
    double newAmplitude = amplitude * (1.1 + 0.3 * random.nextDouble());
    double newHarmonic = newAmplitude * (0.3 + 0.2 * random.nextDouble());
    return new SensorProfile(newLevel, newAmplitude, phase, trendPerDay, windowSd, readingSd, newHarmonic,
        2 * Math.PI * random.nextDouble());
  }

  /** Standard deviation of the mean of a window of {@code readingsPerWindow} readings. */
  public double windowMeanSd(int readingsPerWindow) {
    return Math.sqrt(windowSd * windowSd + readingSd * readingSd / readingsPerWindow);
  }
}
