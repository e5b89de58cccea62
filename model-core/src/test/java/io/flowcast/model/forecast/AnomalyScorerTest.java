package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AnomalyScorerTest {
  private final AnomalyScorer scorer = new AnomalyScorer(0.02, 20, 1.96, 1e-3);

  @Test
  void noScoreWhileWarmingUp() {
    float[] state = new float[ExponentialStats.SIZE];
    for (int i = 0; i < 20; i++) {
      assertThat(scorer.scoreAndRecord(state, 0, 0f, 0.1f * i)).isNaN();
    }
    assertThat(scorer.scoreAndRecord(state, 0, 0f, 0f)).isNotNaN();
  }

  @Test
  void aSpikeScoresHighAndOrdinaryNoiseLow() {
    float[] state = new float[ExponentialStats.SIZE];
    Random random = new Random(5);
    for (int i = 0; i < 2_000; i++) {
      scorer.scoreAndRecord(state, 0, 10f, (float) (10 + random.nextGaussian()));
    }
    float ordinary = scorer.scoreAndRecord(state, 0, 10f, 10.5f);
    float spike = scorer.scoreAndRecord(state, 0, 10f, 18f);
    assertThat(ordinary).isLessThan(1.5f);
    assertThat(spike).isGreaterThan(5f);
  }

  @Test
  void intervalCoversAboutTheConfiguredShareOfNormalActuals() {
    float[] state = new float[ExponentialStats.SIZE];
    Random random = new Random(8);
    int inside = 0;
    int trials = 0;
    for (int i = 0; i < 20_000; i++) {
      float forecast = (float) Math.sin(i * 0.01);
      float actual = forecast + (float) (0.3 + 0.5 * random.nextGaussian());
      if (i >= 1_000) {
        trials++;
        if (actual >= scorer.lower(state, 0, forecast) && actual <= scorer.upper(state, 0, forecast)) {
          inside++;
        }
      }
      scorer.scoreAndRecord(state, 0, forecast, actual);
    }
    assertThat((double) inside / trials).isBetween(0.92, 0.97);
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> new AnomalyScorer(0.1, 1, 2, 1e-3)).hasMessageContaining("warmUp");
    assertThatThrownBy(() -> new AnomalyScorer(0.1, 10, 0, 1e-3)).hasMessageContaining("intervalZ");
    assertThatThrownBy(() -> new AnomalyScorer(0.1, 10, 2, 0)).hasMessageContaining("minStandardDeviation");
  }
}
