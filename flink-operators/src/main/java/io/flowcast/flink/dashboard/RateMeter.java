package io.flowcast.flink.dashboard;

import java.util.function.LongSupplier;

/**
 * Counts events per wall-clock second over the last {@code seconds} seconds, in a ring of one
 * bucket per second; the rate is taken over complete seconds only, so it does not dip at the start
 * of each second. Thread-safe.
 */
final class RateMeter {
  private final long[] bucketSecond;
  private final long[] counts;
  private final LongSupplier clockMillis;

  /**
   * @param seconds the longest window a rate can be asked for, >= 1
   * @param clockMillis wall-clock milliseconds
   */
  RateMeter(int seconds, LongSupplier clockMillis) {
    if (seconds < 1) {
      throw new IllegalArgumentException("seconds must be >= 1, got " + seconds);
    }
    bucketSecond = new long[seconds + 1];
    counts = new long[seconds + 1];
    this.clockMillis = clockMillis;
  }

  /** Counts {@code n} events now. */
  synchronized void mark(long n) {
    long second = Math.floorDiv(clockMillis.getAsLong(), 1000);
    int i = (int) Math.floorMod(second, counts.length);
    if (bucketSecond[i] != second) {
      bucketSecond[i] = second;
      counts[i] = 0;
    }
    counts[i] += n;
  }

  /** Events in the {@code seconds} complete seconds before the current one. */
  synchronized long countOverLast(int seconds) {
    if (seconds < 1 || seconds >= counts.length) {
      throw new IllegalArgumentException("seconds must be in [1, " + (counts.length - 1) + "], got " + seconds);
    }
    long now = Math.floorDiv(clockMillis.getAsLong(), 1000);
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      long age = now - bucketSecond[i];
      if (age >= 1 && age <= seconds) {
        total += counts[i];
      }
    }
    return total;
  }

  /** Events per second over the {@code seconds} complete seconds before the current one. */
  double perSecond(int seconds) {
    return countOverLast(seconds) / (double) seconds;
  }
}
