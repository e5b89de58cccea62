package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
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
}
