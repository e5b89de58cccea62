package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExponentialStatsTest {

  @Test
  void firstValueIsTheMeanWithNoSpread() {
    float[] state = new float[ExponentialStats.SIZE];
    new ExponentialStats(0.1).update(state, 0, 7f);
    assertThat(ExponentialStats.count(state, 0)).isEqualTo(1);
    assertThat(ExponentialStats.mean(state, 0)).isEqualTo(7f);
    assertThat(ExponentialStats.standardDeviation(state, 0, 0.5f)).isEqualTo(0.5f);
  }

  @Test
  void aYoungStreamHasItsExactRunningMeanAndVariance() {
    ExponentialStats stats = new ExponentialStats(0.1);
    float[] state = new float[ExponentialStats.SIZE];
    for (float value : new float[] {2f, 4f, 9f}) {
      stats.update(state, 0, value);
    }
    assertThat(ExponentialStats.mean(state, 0)).isCloseTo(5f, within(1e-6f));
    // population variance of {2, 4, 9}: (9 + 1 + 16) / 3
    assertThat(ExponentialStats.standardDeviation(state, 0, 0f))
        .isCloseTo((float) Math.sqrt(26.0 / 3), within(1e-5f));
  }

  @Test
  void tracksMeanAndSpreadOfAStationaryStream() {
    ExponentialStats stats = new ExponentialStats(0.01);
    float[] state = new float[2 * ExponentialStats.SIZE];
    Random random = new Random(3);
    for (int i = 0; i < 20_000; i++) {
      stats.update(state, ExponentialStats.SIZE, (float) (5 + 2 * random.nextGaussian()));
    }
    assertThat(ExponentialStats.mean(state, ExponentialStats.SIZE)).isCloseTo(5f, within(0.4f));
    assertThat(ExponentialStats.standardDeviation(state, ExponentialStats.SIZE, 0f)).isCloseTo(2f, within(0.3f));
    assertThat(state).startsWith(0f, 0f, 0f); // the neighbouring block is untouched
  }

  @Test
  void followsALevelShift() {
    ExponentialStats stats = new ExponentialStats(0.2);
    float[] state = new float[ExponentialStats.SIZE];
    for (int i = 0; i < 50; i++) {
      stats.update(state, 0, 1f);
    }
    for (int i = 0; i < 50; i++) {
      stats.update(state, 0, 100f);
    }
    assertThat(ExponentialStats.mean(state, 0)).isCloseTo(100f, within(0.01f));
  }

  @Test
  void rejectsNonFiniteValuesAndKeepsTheState() {
    ExponentialStats stats = new ExponentialStats(0.5);
    float[] state = new float[ExponentialStats.SIZE];
    stats.update(state, 0, 2f);
    float[] before = state.clone();
    assertThatThrownBy(() -> stats.update(state, 0, Float.NaN)).hasMessageContaining("non-finite");
    assertThatThrownBy(() -> stats.update(state, 0, Float.POSITIVE_INFINITY)).hasMessageContaining("non-finite");
    assertThat(state).containsExactly(before);
  }

  @Test
  void rejectsAlphaOutsideTheUnitInterval() {
    assertThatThrownBy(() -> new ExponentialStats(0)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new ExponentialStats(1.5)).hasMessageContaining("alpha");
    assertThatThrownBy(() -> new ExponentialStats(Double.NaN)).hasMessageContaining("alpha");
  }
}
