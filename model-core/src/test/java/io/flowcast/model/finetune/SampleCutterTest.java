package io.flowcast.model.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorWindows;
import io.flowcast.model.forecast.WindowBatch;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.pretrain.TrainingSeries;
import io.flowcast.model.pretrain.TrainingSetEncoder;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import io.flowcast.model.testutils.RandomModels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleCutterTest {
  private static final long W = 300_000L;
  private static final ForecastSettings SETTINGS = ForecastSettings.defaults();
  private static final SampleSettings SAMPLES = new SampleSettings(8, 4, 8, false, false, false);

  private final SampleCutter cutter = new SampleCutter(SAMPLES, SETTINGS.horizon(), SETTINGS.target());
  private final SensorForecaster forecaster = new SensorForecaster(
      RecurrentNetwork.compile(RandomModels.parameters(
          new ModelConfig(CellType.LSTM, WindowEncoding.INPUT_SIZE, 8, 1, SETTINGS.horizon()), 3)),
      SETTINGS, 1, StepEngines.java(), cutter.historySteps());

  private static double[] smooth(int n) {
    double[] values = new double[n];
    for (int t = 0; t < n; t++) {
      values[t] = 50 + 10 * Math.sin(t / 5.0) + (t % 3);
    }
    return values;
  }

  /** Steps one sensor through {@code values}, cutting after every window; the samples with the index of the window that cut them. */
  private List<int[]> run(double[] values, List<TrainingSample> samples) {
    float[] state = forecaster.newSensorState();
    WindowBatch batch = new WindowBatch(1, SETTINGS.horizon());
    List<int[]> cutAt = new ArrayList<>();
    for (int t = 0; t < values.length; t++) {
      batch.clear();
      batch.addObserved(state, t * W, (float) values[t]);
      forecaster.advance(batch);
      SampleCutter.Cut cut = cutter.cut("s", t * W, state, forecaster.history());
      if (cut.outcome() == SampleCutter.Outcome.CUT) {
        samples.add(cut.sample().orElseThrow());
        cutAt.add(new int[] {t});
      }
    }
    return cutAt;
  }

  @Test
  void samplesHoldExactlyWhatTheOfflineEncoderMakesOfTheSameWindows() {
    double[] values = smooth(80);
    long[] starts = new long[values.length];
    for (int t = 0; t < starts.length; t++) {
      starts[t] = t * W;
    }
    TrainingSeries offline = new TrainingSetEncoder(SETTINGS, GapPolicy.IMPUTE, 3, 0, 0)
        .encode(List.of(new SensorWindows("s", W, starts, values))).train().get(0);

    List<TrainingSample> samples = new ArrayList<>();
    List<int[]> cutAt = run(values, samples);

    assertThat(samples).hasSizeGreaterThan(3);
    int steps = SAMPLES.steps();
    int h = SETTINGS.horizon();
    for (int s = 0; s < samples.size(); s++) {
      TrainingSample sample = samples.get(s);
      int first = cutAt.get(s)[0] - h - steps + 1; // the window index of the sample's first step
      assertThat(first).isGreaterThanOrEqualTo(0);
      for (int t = 0; t < steps; t++) {
        for (int j = 0; j < WindowEncoding.INPUT_SIZE; j++) {
          assertThat((double) sample.inputs()[t * WindowEncoding.INPUT_SIZE + j])
              .isEqualTo(offline.input(first + t, j));
        }
        for (int k = 0; k < h; k++) {
          assertThat((double) sample.targets()[t * h + k]).isEqualTo(offline.target(first + t, k));
        }
      }
    }
  }

  @Test
  void burnInAndWarmUpCarryNoWeightAndSensorsAreSampledEveryConfiguredWindows() {
    List<TrainingSample> samples = new ArrayList<>();
    List<int[]> cutAt = run(smooth(120), samples);

    for (int s = 1; s < cutAt.size(); s++) {
      assertThat(cutAt.get(s)[0] - cutAt.get(s - 1)[0]).isEqualTo(SAMPLES.sampleEvery());
    }
    TrainingSample last = samples.get(samples.size() - 1);
    for (int t = 0; t < SAMPLES.burnIn(); t++) {
      assertThat(last.weights()[t]).isZero();
    }
    for (int t = SAMPLES.burnIn(); t < SAMPLES.steps(); t++) {
      assertThat(last.weights()[t]).isEqualTo(1f);
    }
    // steps of windows in the sensor's warm-up (its scale has seen fewer windows) are left out
    int h = SETTINGS.horizon();
    int warmUpSteps = 0;
    for (int s = 0; s < samples.size(); s++) {
      int first = cutAt.get(s)[0] - h - SAMPLES.steps() + 1;
      for (int t = SAMPLES.burnIn(); t < SAMPLES.steps(); t++) {
        if (first + t + 1 < SETTINGS.warmUpWindows()) {
          warmUpSteps++;
          assertThat(samples.get(s).weights()[t]).isZero();
        }
      }
    }
    assertThat(warmUpSteps).isPositive();
  }

  @Test
  void stepsWhoseTargetsReachAnAnomalyAreLeftOut() {
    double[] values = smooth(120);
    values[100] = 1e6; // far outside anything the sensor has seen: scored as an anomaly
    List<TrainingSample> samples = new ArrayList<>();
    List<int[]> cutAt = run(values, samples);

    int h = SETTINGS.horizon();
    boolean sawTheSpike = false;
    for (int s = 0; s < samples.size(); s++) {
      int first = cutAt.get(s)[0] - h - SAMPLES.steps() + 1;
      for (int t = SAMPLES.burnIn(); t < SAMPLES.steps(); t++) {
        int window = first + t;
        boolean reaches = window < 100 && window + h >= 100;
        if (reaches) {
          sawTheSpike = true;
          assertThat(samples.get(s).weights()[t]).as("step at window %d", window).isZero();
        }
      }
    }
    assertThat(sawTheSpike).isTrue();
  }

  @Test
  void aResetOfTheRecurrentStateForgetsTheHistory() {
    float[] state = forecaster.newSensorState();
    WindowBatch batch = new WindowBatch(1, SETTINGS.horizon());
    for (int t = 0; t < 10; t++) {
      batch.clear();
      batch.addObserved(state, t * W, 5f + t);
      forecaster.advance(batch);
    }
    assertThat(forecaster.history().filled(state)).isEqualTo(10);
    forecaster.resetRecurrentState(state);
    assertThat(forecaster.history().filled(state)).isZero();
    assertThat(forecaster.hasForecast(state)).isFalse();
  }
}
