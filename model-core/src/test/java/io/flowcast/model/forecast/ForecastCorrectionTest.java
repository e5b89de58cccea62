package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastCorrectionTest {

  /** The model forecasts a change d where the sensor changes by 2 d + 0.5: the correction learns the gain and offset. */
  @Test
  void learnsTheSensorsGainAndOffsetOfTheModelsForecastChange() {
    ForecastCorrection correction = new ForecastCorrection(1, 0.998);
    float[] state = new float[ForecastCorrection.size(1)];
    correction.reset(state, 0);
    Random random = new Random(4);
    float value = 0;
    float[] change = new float[1];
    for (int t = 0; t < 2_000; t++) {
      change[0] = (float) random.nextGaussian();
      correction.remember(state, 0, value, 1f, change, 0);
      value += 2 * change[0] + 0.5f + 0.01f * (float) random.nextGaussian();
      correction.learn(state, 0, value);
    }
    assertThat(correction.correct(state, 0, 0, 1f)).isCloseTo(2.5f, within(0.01f));
    assertThat(correction.correct(state, 0, 0, -1f)).isCloseTo(-1.5f, within(0.01f));
  }

  @Test
  void startsAsTheModelAndLearnsStepKOnlyOnceItsActualArrives() {
    ForecastCorrection correction = new ForecastCorrection(2, 0.99);
    float[] state = new float[ForecastCorrection.size(2)];
    correction.reset(state, 0);
    assertThat(correction.correct(state, 0, 0, 0.7f)).isEqualTo(0.7f);
    assertThat(correction.correct(state, 0, 1, 0.7f)).isEqualTo(0.7f);

    correction.remember(state, 0, 0f, 1f, new float[] {0f, 0f}, 0);
    correction.learn(state, 0, 5f); // one window later: only step 0 of that origin is complete
    assertThat(correction.correct(state, 0, 0, 0f)).isGreaterThan(0f);
    assertThat(correction.correct(state, 0, 1, 0f)).isZero();

    correction.remember(state, 0, 5f, 1f, new float[] {0f, 0f}, 0);
    correction.learn(state, 0, 9f); // two windows after the first origin: its step 1 completes
    assertThat(correction.correct(state, 0, 1, 0f)).isGreaterThan(0f);

    correction.forgetOrigins(state, 0);
    float before = correction.correct(state, 0, 0, 0f);
    correction.learn(state, 0, 100f); // no origin kept: nothing to learn from
    assertThat(correction.correct(state, 0, 0, 0f)).isEqualTo(before);
  }

  @Test
  void aSensorWhoseForecastsStopVaryingCannotWindTheCovarianceUp() {
    ForecastCorrection correction = new ForecastCorrection(1, 0.9);
    float[] state = new float[ForecastCorrection.size(1)];
    correction.reset(state, 0);
    for (int t = 0; t < 100_000; t++) {
      correction.remember(state, 0, 1f, 1f, new float[] {0f}, 0);
      correction.learn(state, 0, 1f);
    }
    assertThat(state[2 + 2] + state[2 + 4]).isLessThanOrEqualTo(ForecastCorrection.MAX_TRACE * 1.0001f);
    for (float f : state) {
      assertThat(f).isFinite();
    }
    assertThat(correction.correct(state, 0, 0, 1f)).isFinite();
  }

  /**
   * Persistence (a zero head under CHANGE) on a ramp lags by the slope; the correction learns the
   * slope (once the sensor's running scale has settled: the ramp's scale grows for a few hundred
   * windows, and the correction learns in units of the scale at each forecast).
   */
  @Test
  void inTheForecasterItTurnsPersistenceOnARampIntoTheRamp() {
    ModelConfig config = new ModelConfig(CellType.GRU, WindowEncoding.INPUT_SIZE, 4, 1, 1);
    ForecastSettings settings = ForecastSettings.defaults().withHorizon(1).withTarget(ForecastTarget.CHANGE);
    float lagWithout = lastError(config, settings);
    float lagWith = lastError(config, settings.withCorrection(0.99));
    assertThat(lagWithout).isCloseTo(3f, within(1e-3f));
    assertThat(lagWith).isLessThan(0.3f);
  }

  private static float lastError(ModelConfig config, ForecastSettings settings) {
    try (SensorForecaster forecaster = new SensorForecaster(
        RecurrentNetwork.compile(ModelParameters.zeros(config)), settings, 1, StepEngines.java())) {
      float[] state = forecaster.newSensorState();
      WindowBatch batch = new WindowBatch(1, 1);
      float forecast = Float.NaN;
      float error = Float.NaN;
      for (int t = 0; t < 3_000; t++) {
        float value = 100 + 3f * t;
        error = Math.abs(value - forecast);
        batch.clear();
        batch.addObserved(state, t * 60_000L, value);
        forecaster.advance(batch);
        forecast = batch.forecast(0, 0);
      }
      return error;
    }
  }

  @Test
  void rejectsAForgettingFactorOutsideTheUnitInterval() {
    assertThatThrownBy(() -> new ForecastCorrection(1, 1.5)).hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> ForecastSettings.defaults().withCorrection(-0.1)).hasMessageContaining("(0, 1]");
  }
}
