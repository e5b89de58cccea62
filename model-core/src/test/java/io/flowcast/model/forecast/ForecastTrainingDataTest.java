package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.train.Tensor3;
import org.junit.jupiter.api.Test;

class ForecastTrainingDataTest {
  private static final ForecastSettings SETTINGS = ForecastSettings.defaults().withHorizon(2);

  @Test
  void targetsAreTheNextWindowsNormalisedWithTheCurrentStatistics() {
    float[][] series = {{2f, 4f, 9f, 1f, 5f}, {20f, 40f, 90f, 10f, 50f}};
    ForecastTrainingData data = ForecastTrainingData.encode(series, 0, 1000, SETTINGS);
    assertThat(data.windows()).isEqualTo(3);
    assertThat(data.sensors()).isEqualTo(2);

    // after {2, 4, 9}: exact running mean 5 and population variance 26/3
    float scale = (float) Math.sqrt(26.0 / 3);
    Tensor3 targets = data.targets(2, 1);
    assertThat(targets.get(0, 0, 0)).isCloseTo((1 - 5) / scale, within(1e-5));
    assertThat(targets.get(0, 0, 1)).isCloseTo((5 - 5) / scale, within(1e-5));
    Tensor3 inputs = data.inputs(2, 1);
    assertThat(inputs.get(0, 0, 0)).isCloseTo((9 - 5) / scale, within(1e-5));
    // a sensor ten times larger encodes to the same normalised values
    assertThat(targets.get(0, 1, 0)).isCloseTo(targets.get(0, 0, 0), within(1e-5));
  }

  @Test
  void slicesHaveTheRequestedShape() {
    float[][] series = new float[3][20];
    ForecastTrainingData data = ForecastTrainingData.encode(series, 0, 1000, SETTINGS);
    Tensor3 inputs = data.inputs(4, 10);
    Tensor3 targets = data.targets(4, 10);
    assertThat(new int[] {inputs.dim0(), inputs.dim1(), inputs.dim2()}).containsExactly(10, 3, 3);
    assertThat(new int[] {targets.dim0(), targets.dim1(), targets.dim2()}).containsExactly(10, 3, 2);
    assertThatThrownBy(() -> data.inputs(10, 9)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void rejectsRaggedOrShortSeries() {
    assertThatThrownBy(() -> ForecastTrainingData.encode(new float[][] {{1, 2, 3, 4}, {1, 2}}, 0, 1, SETTINGS))
        .hasMessageContaining("series 1");
    assertThatThrownBy(() -> ForecastTrainingData.encode(new float[][] {{1, 2}}, 0, 1, SETTINGS))
        .hasMessageContaining("horizon");
  }
}
