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
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class ForecastCorrectionTest {

  /** The model forecasts a change d where the sensor changes by 2 d + 0.5: the correction learns the gain and offset. */
  @Test
  void learnsTheSensorsGainAndOffsetOfTheModelsForecastChange() {
    ForecastCorrection correction = new ForecastCorrection(1, 0.998);
    float[] state = freshBlock(correction, 1);
    learnFromALinearSensor(correction, state, 4, 2_000, 2f, t -> 0.5f, 0.01f);
    assertThat(correction.correct(state, 0, 0, 1f)).isCloseTo(2.5f, within(0.01f));
    assertThat(correction.correct(state, 0, 0, -1f)).isCloseTo(-1.5f, within(0.01f));
  }

  /**
   * The recursive fit is weighted least squares with forgetting and the prior (a, b) = (1, 0), P =
   * {@value ForecastCorrection#INITIAL_COVARIANCE} I: its first {@value ForecastCorrection#MIN_ERRORS}
   * errors at full weight, then an outlier at Huber's weight against their mean absolute value;
   * the reference solves the weighted normal equations in double.
   */
  @Test
  void anOutlierCountsAtHubersWeightOnceTheStepHasSeenTenErrors() {
    double lambda = 0.95;
    ForecastCorrection correction = new ForecastCorrection(1, lambda);
    float[] state = freshBlock(correction, 1);
    int errors = ForecastCorrection.sizeBeforeErrorMeans(1);
    int n = ForecastCorrection.MIN_ERRORS + 1;
    double[] d = new double[n];
    double[] y = new double[n];
    double[] weight = new double[n];
    Random random = new Random(11);
    float value = 0;
    double absoluteErrors = 0;
    for (int t = 0; t < n; t++) {
      d[t] = (float) random.nextGaussian();
      y[t] = (float) (t < n - 1 ? 0.5 * d[t] + 0.3 * random.nextGaussian() : 8.0); // the last: an outlier
      correction.remember(state, 0, value, 1f, new float[] {(float) d[t]}, 0);
      weight[t] = 1;
      double error = y[t] - (state[2] * d[t] + state[3]);
      if (t == n - 1) {
        assertThat(state[errors]).as("errors seen").isEqualTo(ForecastCorrection.MIN_ERRORS);
        assertThat((double) state[errors + 1]).as("their mean absolute value, a plain mean so far")
            .isCloseTo(absoluteErrors / ForecastCorrection.MIN_ERRORS, within(1e-5));
        assertThat(Math.abs(error)).as("beyond Huber's bound").isGreaterThan(ForecastCorrection.HUBER * state[errors + 1]);
        weight[t] = ForecastCorrection.HUBER * state[errors + 1] / Math.abs(error);
      }
      absoluteErrors += Math.abs(error);
      value = (float) (value + y[t]);
      correction.learn(state, 0, value);
    }
    double[] fit = weightedLeastSquares(lambda, d, y, weight);
    assertThat(weight[n - 1]).isLessThan(0.25);
    assertThat((double) state[2]).as("gain").isCloseTo(fit[0], within(1e-4));
    assertThat((double) state[3]).as("offset").isCloseTo(fit[1], within(1e-4));
    double[] unweighted = weightedLeastSquares(lambda, d, y, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    assertThat(Math.abs(unweighted[1] - fit[1])).as("the outlier's pull on the offset, bounded")
        .isGreaterThan(0.2);
  }

  /**
   * Feeds one-step forecasts of a model whose change d is standard normal to a sensor that changes
   * by {@code gain d + offset(t)} plus normal noise of {@code noise}, on a scale of 1.
   */
  private static void learnFromALinearSensor(ForecastCorrection correction, float[] state, long seed, int windows,
      float gain, IntFunction<Float> offset, float noise) {
    Random random = new Random(seed);
    float value = 0;
    float[] change = new float[1];
    for (int t = 0; t < windows; t++) {
      change[0] = (float) random.nextGaussian();
      correction.remember(state, 0, value, 1f, change, 0);
      value += gain * change[0] + offset.apply(t) + noise * (float) random.nextGaussian();
      correction.learn(state, 0, value);
    }
  }

  /** A block of {@code correction} for {@code horizon} steps, reset. */
  private static float[] freshBlock(ForecastCorrection correction, int horizon) {
    float[] state = new float[ForecastCorrection.size(horizon)];
    correction.reset(state, 0);
    return state;
  }

  /** The (gain, offset) minimising sum lambda^(n-1-t) w_t (y_t - a d_t - b)^2 plus the prior's term. */
  private static double[] weightedLeastSquares(double lambda, double[] d, double[] y, double[] w) {
    int n = d.length;
    double prior = Math.pow(lambda, n) / ForecastCorrection.INITIAL_COVARIANCE;
    double s00 = prior;
    double s01 = 0;
    double s11 = prior;
    double r0 = prior; // the prior's gain 1
    double r1 = 0;
    for (int t = 0; t < n; t++) {
      double c = Math.pow(lambda, n - 1 - t) * w[t];
      s00 += c * d[t] * d[t];
      s01 += c * d[t];
      s11 += c;
      r0 += c * d[t] * y[t];
      r1 += c * y[t];
    }
    double det = s00 * s11 - s01 * s01;
    return new double[] {(s11 * r0 - s01 * r1) / det, (s00 * r1 - s01 * r0) / det};
  }

  @Test
  void beforeTenErrorsAnOutlierCountsInFull() {
    double lambda = 0.95;
    ForecastCorrection correction = new ForecastCorrection(1, lambda);
    float[] state = freshBlock(correction, 1);
    double[] d = {0.5, -1, 0.25};
    double[] y = {0.4, -0.9, 9};
    float value = 0;
    for (int t = 0; t < d.length; t++) {
      correction.remember(state, 0, value, 1f, new float[] {(float) d[t]}, 0);
      value = (float) (value + y[t]);
      correction.learn(state, 0, value);
    }
    double[] fit = weightedLeastSquares(lambda, d, y, new double[] {1, 1, 1});
    assertThat((double) state[2]).isCloseTo(fit[0], within(1e-4));
    assertThat((double) state[3]).isCloseTo(fit[1], within(1e-4));
  }

  /**
   * A calm sensor that steps up by 2 of its scales every 50 windows and stays there: least squares
   * fits the offset to the mean change, 0.04 a window, and forecasts that drift in every calm
   * window; the robust fit keeps the offset near the calm windows' 0.
   */
  @Test
  void stepsDoNotDragTheOffsetOfACalmSensor() {
    ForecastCorrection correction = new ForecastCorrection(1, 0.99);
    float[] state = freshBlock(correction, 1);
    Random random = new Random(5);
    float value = 0;
    for (int t = 1; t <= 5_010; t++) {
      correction.remember(state, 0, value, 50f, new float[] {0.01f * (float) random.nextGaussian()}, 0);
      value += t % 50 == 0 ? 100f : 0f;
      correction.learn(state, 0, value);
    }
    assertThat(Math.abs(correction.correct(state, 0, 0, 0f))).as("the forecast change of a calm window")
        .isLessThan(0.005f);
  }

  /** Each horizon step keeps its own errors' count and mean: here step 0's errors are 1, step 1's 0. */
  @Test
  void eachStepJudgesItsErrorsByItsOwnMean() {
    ForecastCorrection correction = new ForecastCorrection(2, 0.99);
    float[] state = freshBlock(correction, 2);
    int errors = ForecastCorrection.sizeBeforeErrorMeans(2);
    for (int t = 0; t < 40; t++) { // 0, 1, 0, 1, ...: one step ahead it changes by 1, two steps by 0
      correction.remember(state, 0, t % 2, 1f, new float[] {0f, 0f}, 0);
      correction.learn(state, 0, (t + 1) % 2);
    }
    assertThat(state[errors]).as("step 0's errors").isEqualTo(40f);
    assertThat(state[errors + 2]).as("step 1's errors").isEqualTo(39f);
    assertThat(state[errors + 1]).as("step 0's mean").isGreaterThan(0.5f);
    assertThat(state[errors + 3]).as("step 1's mean").isLessThan(0.1f);
  }


  /**
   * A lasting change (the sensor's changes shift by 2 scales) is learned at full weight again once
   * the errors' mean has followed it: the offset is within 0.1 of the new one 400 windows later (four
   * times the memory), where errors held at the weight of the old mean would have it near 1.7.
   */
  @Test
  void aLastingShiftIsLearnedAtFullWeightAgainWithinTheMemory() {
    ForecastCorrection correction = new ForecastCorrection(1, 0.99);
    float[] state = freshBlock(correction, 1);
    learnFromALinearSensor(correction, state, 6, 1_400, 1f, t -> t < 1_000 ? 0f : 2f, 0.05f);
    assertThat(correction.correct(state, 0, 0, 0f)).as("the new offset").isCloseTo(2f, within(0.1f));
    assertThat(correction.correct(state, 0, 0, 1f)).isCloseTo(3f, within(0.1f));
  }

  @Test
  void startsAsTheModelAndLearnsStepKOnlyOnceItsActualArrives() {
    ForecastCorrection correction = new ForecastCorrection(2, 0.99);
    float[] state = freshBlock(correction, 2);
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
    float[] state = freshBlock(correction, 1);
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
