package io.flowcast.benchmarks;

import java.util.Arrays;

/** The median of the benchmarks' figures. */
final class Median {
  private Median() {}

  /** The median of non-empty {@code values} (the mean of the middle two for an even count). */
  static double of(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }
}
