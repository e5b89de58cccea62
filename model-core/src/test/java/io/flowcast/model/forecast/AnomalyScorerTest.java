package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyScorerTest {
  private final AnomalyScorer scorer = new AnomalyScorer(0.02, 20, 1.96, 1e-3);

  @Test
  void noScoreWhileWarmingUp() {
    float[] state = new float[AnomalyScorer.SIZE];
    for (int i = 0; i < 20; i++) {
      assertThat(scorer.scoreAndRecord(state, 0, 0f, 0.1f * i)).isNaN();
    }
    assertThat(scorer.scoreAndRecord(state, 0, 0f, 0f)).isNotNaN();
  }

  @Test
  void theNominalCoverageOfZ196Is95Percent() {
    assertThat(scorer.nominalCoverage()).isCloseTo(0.95, within(1e-4));
  }

  @Test
  void aSpikeScoresNearOneAndOrdinaryNoiseLowAllInTheUnitInterval() {
    float[] state = new float[AnomalyScorer.SIZE];
    Random random = new Random(5);
    for (int i = 0; i < 2_000; i++) {
      float score = scorer.scoreAndRecord(state, 0, 10f, (float) (10 + random.nextGaussian()));
      if (!Float.isNaN(score)) {
        assertThat(score).isBetween(0f, 1f);
      }
    }
    float ordinary = scorer.scoreAndRecord(state, 0, 10f, 10.5f);
    float spike = scorer.scoreAndRecord(state, 0, 10f, 18f);
    assertThat(ordinary).isBetween(0.2f, 0.6f); // half a standard deviation: P(|N| < 0.5) = 0.38
    assertThat(spike).isGreaterThan(0.99999f);
  }

  @Test
  void aScoreAtTheNominalCoverageIsExactlyAnActualAtTheIntervalsEdge() {
    float[] state = new float[AnomalyScorer.SIZE];
    Random random = new Random(3);
    for (int i = 0; i < 500; i++) {
      scorer.scoreAndRecord(state, 0, 0f, (float) random.nextGaussian());
    }
    float upper = scorer.upper(state, 0, 0f);
    float[] copy = state.clone();
    assertThat(scorer.scoreAndRecord(copy, 0, 0f, upper * 1.001f)).isGreaterThan((float) scorer.nominalCoverage());
    copy = state.clone();
    assertThat(scorer.scoreAndRecord(copy, 0, 0f, upper * 0.999f)).isLessThan((float) scorer.nominalCoverage());
  }

  /**
   * Heavy-tailed residuals and a biased model: Laplace (an uncalibrated RMS interval would cover
   * 1 - exp(-1.96 sqrt 2) = 93.7% of it), then Student t with 3 degrees of freedom.
   */
  @Test
  void theCalibrationHoldsTheNominalCoverageWhateverTheResidualsDistribution() {
    for (int distribution = 0; distribution < 2; distribution++) {
      float[] state = new float[AnomalyScorer.SIZE];
      Random random = new Random(8 + distribution);
      int inside = 0;
      int trials = 0;
      for (int i = 0; i < 20_000; i++) {
        float forecast = (float) Math.sin(i * 0.01);
        double noise = distribution == 0 ? laplace(random) : studentT3(random);
        float actual = forecast + (float) (0.3 + 0.5 * noise);
        if (i >= 1_000) {
          trials++;
          if (actual >= scorer.lower(state, 0, forecast) && actual <= scorer.upper(state, 0, forecast)) {
            inside++;
          }
        }
        scorer.scoreAndRecord(state, 0, forecast, actual);
      }
      assertThat((double) inside / trials).as("distribution %d", distribution).isBetween(0.94, 0.96);
    }
  }

  @Test
  void aLayout1BlockUpgradesToMeanSquareAndNoCalibration() {
    float[] state = {12f, -1f, 3f};
    AnomalyScorer.upgradeFromLayout1(state, 0);
    assertThat(state).containsExactly(12f, 4f, 0f);
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> new AnomalyScorer(0.1, 1, 2, 1e-3)).hasMessageContaining("warmUp");
    assertThatThrownBy(() -> new AnomalyScorer(0.1, 10, 0, 1e-3)).hasMessageContaining("intervalZ");
    assertThatThrownBy(() -> new AnomalyScorer(0.1, 10, 2, 0)).hasMessageContaining("minStandardDeviation");
    assertThatThrownBy(() -> new AnomalyScorer(0, 10, 2, 1e-3)).hasMessageContaining("alpha");
  }

  private static double laplace(Random random) {
    double u = random.nextDouble() - 0.5;
    return -Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
  }

  private static double studentT3(Random random) {
    double chi = 0;
    for (int i = 0; i < 3; i++) {
      double g = random.nextGaussian();
      chi += g * g;
    }
    return random.nextGaussian() / Math.sqrt(chi / 3);
  }
}
