package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyScorerTest {
  private final AnomalyScorer scorer = new AnomalyScorer(0.02, 20, 1.96, 1e-3, 1);

  @Test
  void noScoreWhileWarmingUp() {
    float[] state = fresh();
    for (int i = 0; i < 20; i++) {
      assertThat(scorer.scoreAndRecord(state, 0, 0f, 0.1f * i, 0)).isNaN();
    }
    assertThat(scorer.scoreAndRecord(state, 0, 0f, 0f, 0)).isNotNaN();
  }

  @Test
  void theNominalCoverageOfZ196Is95Percent() {
    assertThat(scorer.nominalCoverage()).isCloseTo(0.95, within(1e-4));
  }

  @Test
  void aSpikeScoresNearOneAndOrdinaryNoiseLowAllInTheUnitInterval() {
    float[] state = fresh();
    Random random = new Random(5);
    for (int i = 0; i < 2_000; i++) {
      float score = scorer.scoreAndRecord(state, 0, 10f, (float) (10 + random.nextGaussian()), 0);
      if (!Float.isNaN(score)) {
        assertThat(score).isBetween(0f, 1f);
      }
    }
    float ordinary = scorer.scoreAndRecord(state, 0, 10f, 10.5f, 0);
    float spike = scorer.scoreAndRecord(state, 0, 10f, 18f, 0);
    assertThat(ordinary).isBetween(0f, 0.02f); // half a standard deviation: p = 0.62, log10(1/p) / 20 = 0.01
    assertThat(spike).isGreaterThan(0.5f); // 8 standard deviations: p = 1.2e-15
  }

  @Test
  void theScoreIsTheTailProbabilitysDecadesOverTwentyAndKeepsExtremeResidualsApart() {
    assertThat(AnomalyScorer.score(1.959964)).isCloseTo((float) AnomalyScorer.scoreOutside(0.95), within(1e-5f));
    assertThat(AnomalyScorer.scoreOutside(0.95)).isCloseTo(0.065, within(1e-3));
    assertThat(AnomalyScorer.score(4.4172)).isCloseTo(0.25f, within(1e-3f)); // p = 1e-5
    assertThat(AnomalyScorer.score(0)).isZero();
    assertThat(AnomalyScorer.score(8)).isLessThan(AnomalyScorer.score(9)).isLessThan(1f);
    assertThat(AnomalyScorer.score(40)).isEqualTo(1f);
  }

  @Test
  void aScoreAtTheNominalCoverageIsExactlyAnActualAtTheIntervalsEdge() {
    float[] state = fresh();
    Random random = new Random(3);
    for (int i = 0; i < 500; i++) {
      scorer.scoreAndRecord(state, 0, 0f, (float) random.nextGaussian(), 0);
    }
    scorer.advancePhase(state, 0, 0);
    float upper = scorer.halfWidth(state, 0, -1); // the window just stepped: its own season bucket
    float edge = (float) AnomalyScorer.scoreOutside(scorer.nominalCoverage());
    float[] copy = state.clone();
    assertThat(scorer.scoreAndRecord(copy, 0, 0f, upper * 1.001f, 0)).isGreaterThan(edge);
    copy = state.clone();
    assertThat(scorer.scoreAndRecord(copy, 0, 0f, upper * 0.999f, 0)).isLessThan(edge);
  }

  /**
   * Heavy-tailed residuals and a biased model: Laplace (an uncalibrated RMS interval would cover
   * 1 - exp(-1.96 sqrt 2) = 93.7% of it), then Student t with 3 degrees of freedom.
   */
  @Test
  void theCalibrationHoldsTheNominalCoverageWhateverTheResidualsDistribution() {
    for (int distribution = 0; distribution < 2; distribution++) {
      float[] state = fresh();
      Random random = new Random(8 + distribution);
      int inside = 0;
      int trials = 0;
      for (int i = 0; i < 20_000; i++) {
        float forecast = (float) Math.sin(i * 0.01);
        double noise = distribution == 0 ? laplace(random) : studentT3(random);
        float actual = forecast + (float) (0.3 + 0.5 * noise);
        if (i >= 1_000) {
          trials++;
          if (Math.abs(actual - forecast) <= scorer.halfWidth(state, 0, 0)) {
            inside++;
          }
        }
        scorer.scoreAndRecord(state, 0, forecast, actual, (i + 1) / 288.0);
        scorer.advancePhase(state, 0, (i + 1) / 288.0);
      }
      assertThat((double) inside / trials).as("distribution %d", distribution).isBetween(0.94, 0.96);
    }
  }

  /** Residuals ten times larger at one hour of the day: that hour's interval widens, the others' do not. */
  @Test
  void aNoisySeasonBucketWidensOnlyItsOwnInterval() {
    float[] state = fresh();
    Random random = new Random(2);
    for (int i = 0; i < 24 * 200; i++) {
      double phase = (i % 24) / 24.0 + 0.01;
      float noise = (float) random.nextGaussian() * (i % 24 == 5 ? 10f : 1f);
      scorer.advancePhase(state, 0, phase - 1 / 24.0);
      scorer.scoreAndRecord(state, 0, 0f, noise, phase);
    }
    scorer.advancePhase(state, 0, 3.01 / 24);
    scorer.advancePhase(state, 0, 4.01 / 24);
    float noisyHour = scorer.halfWidth(state, 0, 0);
    float quietHour = scorer.halfWidth(state, 0, 2);
    assertThat(noisyHour).isGreaterThan(2.5f * quietHour);
  }

  /** The same spike twice within a season: the repeat is damped; a season later it is news again. */
  @Test
  void aRepeatWithinASeasonIsDampedAndASeasonLaterItIsNewsAgain() {
    AnomalyScorer damping = new AnomalyScorer(0.02, 20, 1.96, 1e-3, 0.25);
    float[] state = fresh();
    Random random = new Random(6);
    int perSeason = 240;
    float[] spikes = new float[4];
    int spike = 0;
    for (int i = 0; i < 4 * perSeason; i++) {
      double phase = (double) i / perSeason;
      boolean isSpike = i == 500 || i == 550 || i == 560 || i == 800;
      float actual = isSpike ? (i == 560 ? 9f : 6f) : (float) random.nextGaussian();
      float score = damping.scoreAndRecord(state, 0, 0f, actual, phase);
      if (isSpike) {
        spikes[spike++] = score;
      }
    }
    assertThat(spikes[0]).isGreaterThan(0.3f);
    assertThat(spikes[1]).as("repeat 50 windows later").isLessThan(0.3f * spikes[0]);
    assertThat(spikes[2]).as("a larger spike is news").isGreaterThan(spikes[0]);
    assertThat(spikes[3]).as("a season after the larger one").isGreaterThan(0.2f).isGreaterThan(2 * spikes[1]);
  }

  @Test
  void aLayout1BlockUpgradesToMeanSquareNoCalibrationAndEmptySeasonBuckets() {
    float[] block = new float[AnomalyScorer.SIZE];
    AnomalyScorer.upgradeFromLayout1(new float[] {12f, -1f, 3f}, 0, block, 0);
    assertThat(block[0]).isEqualTo(12f);
    assertThat(block[1]).isEqualTo(4f);
    assertThat(block[2]).isZero();
    assertThat(block[5]).isZero();
    assertThat(block[6]).isZero(); // no residual in any season bucket yet
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> new AnomalyScorer(0.1, 1, 2, 1e-3, 1)).hasMessageContaining("warmUp");
    assertThatThrownBy(() -> new AnomalyScorer(0.1, 10, 0, 1e-3, 1)).hasMessageContaining("intervalZ");
    assertThatThrownBy(() -> new AnomalyScorer(0.1, 10, 2, 0, 1)).hasMessageContaining("minStandardDeviation");
    assertThatThrownBy(() -> new AnomalyScorer(0, 10, 2, 1e-3, 1)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new AnomalyScorer(0.1, 10, 2, 1e-3, 0)).hasMessageContaining("repeatDamping");
  }

  private static float[] fresh() {
    float[] state = new float[AnomalyScorer.SIZE];
    AnomalyScorer.reset(state, 0);
    return state;
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
