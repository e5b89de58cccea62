package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WindowEncodingTest {
  private final WindowEncoding encoding = new WindowEncoding(ForecastSettings.defaults());

  @Test
  void encodesTheSeasonalPhaseOfTheWindowStart() {
    float[] input = new float[WindowEncoding.INPUT_SIZE];
    encoding.encode(0.5f, 10 * ForecastSettings.DAY_MILLIS + ForecastSettings.DAY_MILLIS / 4, input, 0);
    assertThat(input[0]).isEqualTo(0.5f);
    assertThat(input[1]).isCloseTo(1f, within(1e-6f));
    assertThat(input[2]).isCloseTo(0f, within(1e-6f));
  }

  @Test
  void clipsWildValuesAndFloorsTheScaleRelativeToTheMean() {
    float[] stats = new float[ExponentialStats.SIZE];
    encoding.observe(stats, 0, 1000f);
    // a constant sensor: scale = minScale * |mean| = 1
    assertThat(encoding.scale(stats, 0)).isCloseTo(1f, within(1e-6f));
    assertThat(encoding.normalize(stats, 0, 1003f)).isCloseTo(3f, within(1e-4f));
    assertThat(encoding.normalize(stats, 0, 1e6f)).isEqualTo(WindowEncoding.MAX_Z);
    assertThat(encoding.denormalize(stats, 0, 3f)).isCloseTo(1003f, within(1e-3f));
  }

  @Test
  void aWildWindowAfterTheWarmUpMovesTheStatisticsOnlyAsFarAsMaxZ() {
    float[] stats = sensorNearTwenty();
    float scaleBefore = encoding.scale(stats, 0);
    float meanBefore = WindowEncoding.mean(stats, 0);
    encoding.observe(stats, 0, 1e15f);
    // as if the window had been MAX_Z scales above the mean: alpha = 0.01 moves the mean by 0.1 scales
    assertThat(WindowEncoding.mean(stats, 0)).isCloseTo(meanBefore + 0.1f * scaleBefore, within(1e-3f));
    assertThat(encoding.scale(stats, 0)).isLessThan(1.5f * scaleBefore);
    // the excess variance (alpha MAX_Z^2 = 1 scale^2) decays by 1 - alpha per window; unclipped it
    // would be 1e28 and take about 6,600 windows
    for (int i = 0; i < 200; i++) {
      encoding.observe(stats, 0, 20f + (i % 2 == 0 ? 1f : -1f));
    }
    assertThat(encoding.scale(stats, 0)).isLessThan(1.1f * scaleBefore);
  }

  @Test
  void aLevelShiftIsStillFollowed() {
    float[] stats = sensorNearTwenty();
    for (int i = 0; i < 100; i++) {
      encoding.observe(stats, 0, 20_000f);
    }
    // 1,000 scales up: the clipped windows widen the scale until the new level is within reach
    assertThat(encoding.normalize(stats, 0, 20_000f)).isLessThan(WindowEncoding.MAX_Z);
    for (int i = 0; i < 400; i++) {
      encoding.observe(stats, 0, 20_000f);
    }
    assertThat(WindowEncoding.mean(stats, 0)).isCloseTo(20_000f, within(400f));
  }

  @Test
  void duringTheWarmUpEveryValueCountsInFull() {
    float[] stats = new float[ExponentialStats.SIZE];
    encoding.observe(stats, 0, 20f);
    encoding.observe(stats, 0, 1e6f);
    assertThat(WindowEncoding.mean(stats, 0)).isCloseTo((20f + 1e6f) / 2, within(1f));
  }

  @Test
  void aNonFiniteWindowIsRefusedNotClippedIntoRange() {
    for (float wild : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      float[] stats = sensorNearTwenty();
      float[] before = stats.clone();
      assertThatIllegalArgumentException().as("%s", wild)
          .isThrownBy(() -> encoding.observe(stats, 0, wild))
          .withMessageContaining("non-finite");
      assertThat(stats).as("%s", wild).containsExactly(before);
    }
  }

  /** A sensor past its warm-up, alternating 19 and 21 (scale 1). */
  private float[] sensorNearTwenty() {
    float[] stats = new float[ExponentialStats.SIZE];
    for (int i = 0; i < 200; i++) {
      encoding.observe(stats, 0, 20f + (i % 2 == 0 ? 1f : -1f));
    }
    assertThat(encoding.scale(stats, 0)).isCloseTo(1f, within(0.05f));
    return stats;
  }
}
