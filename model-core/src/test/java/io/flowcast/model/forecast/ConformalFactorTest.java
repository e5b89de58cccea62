package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConformalFactorTest {
  @Test
  void aMissRaisesTheFactorAHitLowersItByTheTargetsShareAndTheLogStaysBounded() {
    assertThat(ConformalFactor.next(0f, 0.05f, 1f, 0.05f)).isCloseTo(0.0475f, within(1e-7f));
    assertThat(ConformalFactor.next(0f, 0.05f, 0f, 0.05f)).isCloseTo(-0.0025f, within(1e-7f));
    assertThat(ConformalFactor.next(4.99f, 1f, 1f, 0.05f)).isEqualTo(ConformalFactor.MAX_LOG);
    assertThat(ConformalFactor.next(-4.99f, 1f, 0f, 0.5f)).isEqualTo(-ConformalFactor.MAX_LOG);
  }

  @Test
  void theShareOfMissesTendsToTheTargetWhateverTheErrorsDistribution() {
    Random random = new Random(4);
    float logFactor = 0f;
    int misses = 0;
    int judged = 0;
    for (int t = 0; t < 200_000; t++) {
      double error = Math.abs(random.nextGaussian() / (0.2 + random.nextDouble())); // heavy tails
      float missed = error > Math.exp(logFactor) ? 1f : 0f;
      if (t >= 100_000) {
        judged++;
        misses += (int) missed;
      }
      logFactor = ConformalFactor.next(logFactor, 0.05f, missed, 0.05f);
    }
    assertThat(misses / (double) judged).isCloseTo(0.05, within(0.002));
  }
}
