package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import org.junit.jupiter.api.Test;

class ForecastTargetTest {

  @Test
  void aChangeTargetAndItsForecastRoundTripAndALevelOneIsTheNormalisedValue() {
    float mean = 10;
    float scale = 2;
    float target = ForecastTarget.CHANGE.target(17, 13, mean, scale);
    assertThat(target).isEqualTo(2f); // (17 - 13) / 2
    float z = ForecastTarget.CHANGE.normalizedForecast(target, 13, mean, scale);
    assertThat(mean + scale * z).isCloseTo(17f, within(1e-5f));
    assertThat(ForecastTarget.LEVEL.target(17, 13, mean, scale)).isEqualTo(3.5f);
    assertThat(ForecastTarget.LEVEL.normalizedForecast(3.5f, 13, mean, scale)).isEqualTo(3.5f);
    // targets are clipped as inputs are
    assertThat(ForecastTarget.CHANGE.target(1000, 0, mean, scale)).isEqualTo(WindowEncoding.MAX_Z);
  }

  /** A head of zeros forecasts the running mean under LEVEL, and the last value (persistence) under CHANGE. */
  @Test
  void underChangeAModelThatOutputsZerosIsPersistence() {
    ModelConfig config = new ModelConfig(CellType.GRU, WindowEncoding.INPUT_SIZE, 4, 1, 3);
    RecurrentNetwork zeros = RecurrentNetwork.compile(ModelParameters.zeros(config));
    ForecastSettings change = ForecastSettings.defaults().withTarget(ForecastTarget.CHANGE);
    try (SensorForecaster forecaster = new SensorForecaster(zeros, change, 1, StepEngines.java())) {
      float[] state = forecaster.newSensorState();
      WindowBatch batch = new WindowBatch(1, 3);
      for (int t = 0; t < 50; t++) {
        float value = 100 + 30 * (float) Math.sin(t);
        batch.clear();
        batch.addObserved(state, t * 60_000L, value);
        forecaster.advance(batch);
        for (int k = 0; k < 3; k++) {
          assertThat(batch.forecast(0, k)).as("window %d, k %d", t, k).isCloseTo(value, within(1e-3f * 130));
        }
      }
    }
  }

  @Test
  void parsesItsIdsAndNamesTheChoicesOtherwise() {
    assertThat(ForecastTarget.fromId("Change")).isEqualTo(ForecastTarget.CHANGE);
    assertThat(ForecastTarget.LEVEL.id()).isEqualTo("level");
    assertThatThrownBy(() -> ForecastTarget.fromId("delta")).hasMessageContaining("level or change");
  }
}
