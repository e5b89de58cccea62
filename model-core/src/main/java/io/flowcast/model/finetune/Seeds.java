package io.flowcast.model.finetune;

import java.util.SplittableRandom;

/** Seeds derived from a base seed and a counter, so that no random generator has to be stored. */
final class Seeds {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /** A generator that is a function of {@code seed} and {@code n} alone, well mixed for nearby n. */
  static SplittableRandom random(long seed, long n) {
    return new SplittableRandom(seed ^ n * GOLDEN_GAMMA);
  }
}
