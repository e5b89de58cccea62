package io.flowcast.flink.forecast;

/**
 * A token bucket that bounds the training samples one forecasting task sends per second, whatever
 * the number of sensors: it refills at {@code perSecond} and holds at most one second's worth.
 */
final class SampleBudget {
  private final double perMilli;
  private final double capacity;
  private double tokens;
  private long lastMillis = Long.MIN_VALUE;

  /** @param perSecond samples per second, > 0 */
  SampleBudget(double perSecond) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("samples per second must be > 0, got " + perSecond);
    }
    this.perMilli = perSecond / 1000;
    this.capacity = Math.max(1, perSecond);
    this.tokens = capacity;
  }

  /** Takes one token if there is one at {@code nowMillis}. */
  boolean tryTake(long nowMillis) {
    if (lastMillis != Long.MIN_VALUE && nowMillis > lastMillis) {
      tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
    }
    lastMillis = Math.max(lastMillis, nowMillis);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
