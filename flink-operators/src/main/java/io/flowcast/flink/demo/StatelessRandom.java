package io.flowcast.flink.demo;

/**
 * Random numbers as pure functions of a key (SplitMix64's finaliser), so that any reading of any
 * sensor can be recomputed on its own, in any order, with the same value.
 */
final class StatelessRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private StatelessRandom() {}

  /** A well-mixed key from a seed and up to three coordinates. */
  static long key(long seed, long a, long b, long c) {
    long h = mix(seed + GOLDEN_GAMMA);
    h = mix(h ^ (a + GOLDEN_GAMMA));
    h = mix(h ^ (b + 2 * GOLDEN_GAMMA));
    return mix(h ^ (c + 3 * GOLDEN_GAMMA));
  }

  /** Uniform in [0, 1). */
  static double uniform(long key) {
    return (mix(key) >>> 11) * 0x1.0p-53;
  }

  /** Standard normal (Box-Muller on two uniforms derived from the key). */
  static double gaussian(long key) {
    double u1 = 1.0 - uniform(key);
    double u2 = uniform(key + GOLDEN_GAMMA);
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
