package io.flowcast.flink.forecast;

/**
 * Bounds the training samples one forecasting task sends per second, whatever the number of
 * sensors, without favouring any: each due sample is admitted with probability {@code perSecond /
 * offered} (the offers of the previous second; 1 while they are fewer), decided by a uniform number
 * the caller derives from the sample (so the choice does not depend on the order of sensors in a
 * bundle), and a token bucket holding one second's worth caps bursts.
 */
final class SampleBudget {
  private static final long SLOT_MILLIS = 1000;

  private final double perSecond;
  private final double perMilli;
  private final double capacity;
  private double tokens;
  private long lastMillis = Long.MIN_VALUE;
  private long slot = Long.MIN_VALUE;
  private long offeredThisSlot;
  private long offeredLastSlot;

  /** @param perSecond samples per second, > 0 */
  SampleBudget(double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("samples per second must be > 0, got " + perSecond);
    }
    this.perSecond = perSecond;
    this.perMilli = perSecond / 1000;
    this.capacity = Math.max(1, perSecond);
    this.tokens = capacity;
  }

  /**
   * Whether a sample offered at {@code nowMillis} is admitted.
   *
   * @param uniform a number in [0, 1) that is uniform over samples (e.g. a hash of the sensor and
   *     the window)
   */
  boolean tryTake(long nowMillis, double uniform) {
    long nowSlot = Math.floorDiv(nowMillis, SLOT_MILLIS);
    if (nowSlot != slot) {
      offeredLastSlot = nowSlot == slot + 1 ? offeredThisSlot : 0;
      offeredThisSlot = 0;
      slot = nowSlot;
    }
    offeredThisSlot++;
    if (lastMillis != Long.MIN_VALUE && nowMillis > lastMillis) {
      tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
    }
    lastMillis = Math.max(lastMillis, nowMillis);
    double admit = Math.min(1, perSecond / Math.max(1, offeredLastSlot));
    if (uniform < admit && tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** A number in [0, 1), uniform over sensors and windows, the same for the same pair. */
  static double uniform(String sensorId, long windowStart) {
    long z = sensorId.hashCode() * 0x9E3779B97F4A7C15L + windowStart;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }
}
