package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import io.flowcast.model.testutils.RandomModels;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SensorForecasterTest {
  private static final long WINDOW = 300_000L;
  private static final ForecastSettings SETTINGS = ForecastSettings.defaults();

  private static RecurrentNetwork randomLstm() {
    ModelConfig config = new ModelConfig(CellType.LSTM, WindowEncoding.INPUT_SIZE, 8, 2, SETTINGS.horizon());
    return RecurrentNetwork.compile(RandomModels.parameters(config, 11));
  }

  /** All weights zero: every forecast is the sensor's running mean. */
  private static RecurrentNetwork meanModel() {
    ModelConfig config = new ModelConfig(CellType.GRU, WindowEncoding.INPUT_SIZE, 4, 1, SETTINGS.horizon());
    return RecurrentNetwork.compile(ModelParameters.zeros(config));
  }

  private static float[][] series(int sensors, int windows, long seed) {
    Random random = new Random(seed);
    float[][] values = new float[sensors][windows];
    for (int s = 0; s < sensors; s++) {
      double level = Math.pow(10, s % 4);
      for (int t = 0; t < windows; t++) {
        values[s][t] = (float) (level * (5 + Math.sin(t / 7.0) + 0.3 * random.nextGaussian()));
      }
    }
    return values;
  }

  /** Runs every sensor's series through the forecaster in bundles of {@code bundle} rows. */
  private static float[][] runInBundles(RecurrentNetwork network, float[][] values, int bundle) {
    return runInBundles(network, SETTINGS, values, bundle);
  }

  /** Runs every sensor's series through a forecaster of {@code settings} in bundles of {@code bundle} rows. */
  private static float[][] runInBundles(RecurrentNetwork network, ForecastSettings settings, float[][] values,
      int bundle) {
    return runInBundles(network, settings, values, bundle, new float[values.length][], false);
  }

  /**
   * As {@link #runInBundles(RecurrentNetwork, ForecastSettings, float[][], int)}, leaving the
   * sensors' last state arrays in {@code states}: each row's array after its step if {@code
   * picksUpStates} (as the bundle stepper does), else the array it started with.
   */
  private static float[][] runInBundles(RecurrentNetwork network, ForecastSettings settings, float[][] values,
      int bundle, float[][] states, boolean picksUpStates) {
    SensorForecaster forecaster = new SensorForecaster(network, settings, bundle, StepEngines.java());
    int sensors = values.length;
    int windows = values[0].length;
    int h = SETTINGS.horizon();
    for (int s = 0; s < sensors; s++) {
      states[s] = forecaster.newSensorState();
    }
    float[][] results = new float[sensors][windows * (3 * h + 2)];
    WindowBatch batch = new WindowBatch(bundle, h);
    int[] sensorOfRow = new int[bundle];
    for (int t = 0; t < windows; t++) {
      for (int s = 0; s < sensors; s++) {
        sensorOfRow[batch.addObserved(states[s], t * WINDOW, values[s][t])] = s;
        if (batch.isFull() || s == sensors - 1) {
          forecaster.advance(batch);
          for (int row = 0; row < batch.size(); row++) {
            float[] out = results[sensorOfRow[row]];
            int at = t * (3 * h + 2);
            for (int k = 0; k < h; k++) {
              out[at++] = batch.forecast(row, k);
              out[at++] = batch.lower(row, k);
              out[at++] = batch.upper(row, k);
            }
            out[at++] = batch.residual(row);
            out[at] = batch.score(row);
            if (picksUpStates) {
              states[sensorOfRow[row]] = batch.sensorState(row);
            }
          }
          batch.clear();
        }
      }
    }
    return results;
  }

  @Test
  void resultsDoNotDependOnTheBundleSizeBitForBit() {
    RecurrentNetwork network = randomLstm();
    float[][] values = series(9, 60, 1);
    float[][] single = runInBundles(network, values, 1);
    float[][] four = runInBundles(network, values, 4);
    float[][] all = runInBundles(network, values, 9);
    for (int s = 0; s < values.length; s++) {
      assertThat(four[s]).containsExactly(single[s]);
      assertThat(all[s]).containsExactly(single[s]);
    }
  }

  @Test
  void levelNoveltyReplacesTheScoreAndLeavesForecastsAndIntervalsAsTheyWere() {
    RecurrentNetwork network = randomLstm();
    float[][] values = series(3, 80, 4);
    values[1][70] *= 3; // a level the sensor has never visited
    int warmUp = 20;
    int burstGap = 3;
    float[][] residualScored = runInBundles(network, values, 2);
    float[][] levelScored = runInBundles(network, SETTINGS.withLevelNovelty(warmUp, burstGap), values, 2);
    int stride = 3 * SETTINGS.horizon() + 2;
    int unreportedFirsts = 0;
    for (int s = 0; s < values.length; s++) {
      LevelNovelty novelty = new LevelNovelty(warmUp, burstGap);
      LevelNovelty everyFirst = new LevelNovelty(warmUp);
      float[] alone = new float[novelty.size()];
      float[] unburst = new float[everyFirst.size()];
      for (int t = 0; t < values[s].length; t++) {
        int score = (t + 1) * stride - 1;
        assertThat(Arrays.copyOfRange(levelScored[s], t * stride, score))
            .as("sensor %d window %d: forecasts, intervals, residual", s, t)
            .containsExactly(Arrays.copyOfRange(residualScored[s], t * stride, score));
        assertThat(Float.floatToIntBits(levelScored[s][score])).as("sensor %d window %d: score", s, t)
            .isEqualTo(Float.floatToIntBits(novelty.observe(alone, 0, values[s][t])));
        float unburstScore = everyFirst.observe(unburst, 0, values[s][t]);
        if (levelScored[s][score] == 0 && unburstScore > 0) {
          unreportedFirsts++;
        }
      }
    }
    assertThat(unreportedFirsts).as("firsts within a burst, not reported: the burst gap reached the sensors")
        .isPositive();
    assertThat(levelScored[1][71 * stride - 1]).as("the new level").isPositive();
  }

  @Test
  void aSensorPastItsLevelWarmUpGoesOnWithAShorterStateAndTheSameResults() {
    RecurrentNetwork network = randomLstm();
    float[][] values = series(3, 80, 4);
    values[2][60] *= 3;
    ForecastSettings settings = SETTINGS.withLevelNovelty(20, 3);
    float[][] cut = new float[3][];
    float[][] kept = new float[3][];
    float[][] withCut = runInBundles(network, settings, values, 2, cut, true);
    float[][] withKept = runInBundles(network, settings, values, 2, kept, false);
    SensorForecaster forecaster = new SensorForecaster(network, settings, 1, StepEngines.java());
    SensorStateLayout layout = forecaster.layout();
    assertThat(layout.warmedUpSize()).isEqualTo(layout.size() - 20 + 3);
    for (int s = 0; s < 3; s++) {
      assertThat(withCut[s]).as("sensor %d: every forecast, interval, residual and score", s)
          .containsExactly(withKept[s]);
      int last = layout.warmedUpSize() - 1;
      assertThat(cut[s]).as("sensor %d's state past the warm-up", s).hasSize(layout.warmedUpSize());
      assertThat(Arrays.copyOf(cut[s], last)).containsExactly(Arrays.copyOf(kept[s], last));
      assertThat(cut[s][last]).as("the warm-up it was cut after").isEqualTo(20f);
      assertThat(Arrays.copyOfRange(kept[s], last, kept[s].length)).as("the kept array's cleared values")
          .containsOnly(0f);
      assertThat(forecaster.fits(cut[s])).isTrue();
      assertThat(forecaster.fits(kept[s])).isTrue();
    }
  }

  @Test
  void turningLevelNoveltyOnOrOffKeepsEverythingElseOfAStoredSensor() {
    RecurrentNetwork network = randomLstm();
    SensorForecaster residual = new SensorForecaster(network, SETTINGS, 1, StepEngines.java());
    SensorForecaster level = new SensorForecaster(network, SETTINGS.withLevelNovelty(5), 1, StepEngines.java());
    SensorState sensor = afterFortyWindows(residual);
    SensorState turnedOn = level.withFreshExtras(sensor, residual.stateShape());
    int block = level.layout().levelNoveltyOffset();
    assertThat(turnedOn.shape()).isEqualTo(level.stateShape().code());
    assertThat(Arrays.copyOf(turnedOn.values(), block)).containsExactly(Arrays.copyOf(sensor.values(), block));
    assertThat(Arrays.copyOfRange(turnedOn.values(), block, block + LevelNovelty.size(5))).containsOnly(0f);

    SensorState turnedOff = residual.withFreshExtras(turnedOn, level.stateShape());
    assertThat(turnedOff.values()).containsExactly(sensor.values());
  }

  @Test
  void aStoredSensorPastItsLevelWarmUpKeepsItsCutBlockWhenItsOtherExtrasChange() {
    RecurrentNetwork network = randomLstm();
    SensorForecaster plain = new SensorForecaster(network, SETTINGS.withLevelNovelty(5), 1, StepEngines.java());
    SensorForecaster corrected = new SensorForecaster(network, SETTINGS.withLevelNovelty(5).withCorrection(0.99), 1,
        StepEngines.java(), 4);
    SensorState sensor = afterFortyWindows(plain);
    int block = plain.layout().levelNoveltyOffset();
    float[] cut = new LevelNovelty(5).cutWarmUp(sensor.values(), block);
    assertThat(plain.fits(cut)).isTrue();

    SensorState restored = corrected.withFreshExtras(new SensorState(sensor.lastWindowStart(), sensor.shape(), cut),
        plain.stateShape());

    SensorStateLayout layout = corrected.layout();
    assertThat(restored.values()).hasSize(layout.warmedUpSize());
    assertThat(corrected.fits(restored.values())).isTrue();
    int shared = layout.correctionOffset();
    assertThat(Arrays.copyOf(restored.values(), shared)).containsExactly(Arrays.copyOf(sensor.values(), shared));
    assertThat(Arrays.copyOfRange(restored.values(), layout.levelNoveltyOffset(), restored.values().length))
        .as("the cut block, after the fresh correction and history").containsExactly(Arrays.copyOfRange(cut, block, cut.length));

    SensorForecaster longer = new SensorForecaster(network, SETTINGS.withLevelNovelty(9), 1, StepEngines.java());
    assertThat(longer.fits(cut)).as("cut after another warm-up").isFalse();
    SensorState restarted = longer.withFreshExtras(new SensorState(sensor.lastWindowStart(), sensor.shape(), cut),
        plain.stateShape());
    assertThat(restarted.values()).hasSize(longer.layout().size());
    assertThat(Arrays.copyOfRange(restarted.values(), block, restarted.values().length)).containsOnly(0f);
  }

  @Test
  void aStoredSensorOfAnotherLevelWarmUpRestartsItsLevelNoveltyAndKeepsEverythingElse() {
    RecurrentNetwork network = randomLstm();
    SensorForecaster shorter = new SensorForecaster(network, SETTINGS.withLevelNovelty(5), 1, StepEngines.java());
    SensorForecaster longer = new SensorForecaster(network, SETTINGS.withLevelNovelty(9), 1, StepEngines.java());
    assertThat(shorter.stateShape()).as("the shape records level novelty, not its warm-up")
        .isEqualTo(longer.stateShape());
    SensorState sensor = afterFortyWindows(shorter);
    int block = longer.layout().levelNoveltyOffset();
    // the block of a warm-up of 5 windows, and one of 21 floats (before the warm-up kept its values)
    for (int stored : new int[] {LevelNovelty.size(5), 21}) {
      SensorState written = new SensorState(sensor.lastWindowStart(), sensor.shape(),
          Arrays.copyOf(sensor.values(), block + stored));
      SensorState restored = longer.withFreshExtras(written, shorter.stateShape());
      assertThat(restored.values()).as("block of %d floats", stored).hasSize(longer.layout().size());
      assertThat(Arrays.copyOf(restored.values(), block)).containsExactly(Arrays.copyOf(sensor.values(), block));
      assertThat(Arrays.copyOfRange(restored.values(), block, restored.values().length)).containsOnly(0f);
    }
    assertThat(Arrays.copyOfRange(sensor.values(), block, block + 3)).as("the stored block had seen windows")
        .isNotEqualTo(new float[3]);
  }

  @Test
  void firstWindowHasNoResidualAndScoresStartAfterWarmUp() {
    float[][] values = series(1, 2 * SETTINGS.warmUpWindows() + 5, 2);
    float[][] results = runInBundles(meanModel(), values, 1);
    int stride = 3 * SETTINGS.horizon() + 2;
    float[] out = results[0];
    assertThat(out[stride - 2]).isNaN(); // residual of window 0
    assertThat(out[stride - 1]).isNaN(); // score of window 0
    assertThat(out[2 * stride - 2]).isNotNaN();
    // residuals join the history from window warmUp on (the scale has seen warmUp windows), and
    // scoring starts once warmUp of them were recorded: window 2 * warmUp
    int firstScored = 2 * SETTINGS.warmUpWindows();
    assertThat(out[firstScored * stride - 1]).isNaN();
    assertThat(out[(firstScored + 1) * stride - 1]).isNotNaN();
  }

  @Test
  void aMeanModelForecastsTheRunningMeanInTheSensorsUnitsAndFlagsASpike() {
    RecurrentNetwork network = meanModel();
    SensorForecaster forecaster = new SensorForecaster(network, SETTINGS, 1, StepEngines.java());
    float[] state = forecaster.newSensorState();
    WindowBatch batch = new WindowBatch(1, SETTINGS.horizon());
    Random random = new Random(5);
    float maxQuietScore = 0;
    for (int t = 0; t < 200; t++) {
      batch.addObserved(state, t * WINDOW, (float) (1000 + random.nextGaussian()));
      forecaster.advance(batch);
      if (!Float.isNaN(batch.score(0))) {
        maxQuietScore = Math.max(maxQuietScore, batch.score(0));
      }
      batch.clear();
    }
    float mean = WindowEncoding.mean(state, forecaster.layout().normalizationOffset());
    assertThat(state[forecaster.layout().forecastOffset()]).isEqualTo(mean);
    assertThat(mean).isBetween(999f, 1001f);

    batch.addObserved(state, 200 * WINDOW, 1020f);
    forecaster.advance(batch);
    assertThat(batch.residual(0)).isBetween(18f, 22f);
    assertThat(forecaster.isAnomaly(batch.score(0))).isTrue();
    assertThat(forecaster.isAnomaly(maxQuietScore)).isFalse();
    assertThat(batch.lower(0, 0)).isLessThan(batch.forecast(0, 0));
    assertThat(batch.upper(0, 0)).isGreaterThan(batch.forecast(0, 0));
  }

  @Test
  void intervalsFurtherAheadLearnThatNoiseAroundALevelDoesNotWiden() {
    SensorForecaster forecaster = new SensorForecaster(meanModel(), SETTINGS, 1, StepEngines.java());
    float[] state = forecaster.newSensorState();
    WindowBatch batch = new WindowBatch(1, SETTINGS.horizon());
    Random random = new Random(8);
    float ratio = Float.NaN;
    for (int t = 0; t < 4000; t++) {
      batch.addObserved(state, t * WINDOW, (float) (10 + random.nextGaussian()));
      forecaster.advance(batch);
      ratio = (batch.upper(0, 2) - batch.lower(0, 2)) / (batch.upper(0, 0) - batch.lower(0, 0));
      batch.clear();
    }
    // the mean model's errors two windows ahead are its one-step errors: no widening (a random
    // walk's sqrt(3), where it starts, would be 1.73)
    assertThat(ratio).isBetween(0.8f, 1.25f);
  }

  @Test
  void imputedWindowsAdvanceTheModelButNotTheStatistics() {
    SensorForecaster forecaster = new SensorForecaster(randomLstm(), SETTINGS, 2, StepEngines.java());
    SensorStateLayout layout = forecaster.layout();
    float[] state = forecaster.newSensorState();
    WindowBatch batch = new WindowBatch(2, SETTINGS.horizon());
    for (int t = 0; t < 5; t++) {
      batch.addObserved(state, t * WINDOW, 10f + t);
      forecaster.advance(batch);
      batch.clear();
    }
    float[] before = state.clone();
    batch.addImputed(state, 5 * WINDOW);
    forecaster.advance(batch);
    assertThat(batch.isImputed(0)).isTrue();
    assertThat(batch.actual(0)).isEqualTo(before[layout.forecastOffset()]);
    assertThat(batch.residual(0)).isNaN();
    assertThat(batch.score(0)).isNaN();
    int phase = layout.residualOffset() + 3; // the season phase tracking moves on with every window stepped
    for (int i = layout.normalizationOffset(); i < layout.forecastOffset(); i++) {
      if (i != phase && i != phase + 1) {
        assertThat(Float.floatToIntBits(state[i])).as("statistic %d", i).isEqualTo(Float.floatToIntBits(before[i]));
      }
    }
    assertThat(Arrays.copyOf(state, layout.recurrentSize()))
        .isNotEqualTo(Arrays.copyOf(before, layout.recurrentSize()));
  }

  @Test
  void resetForgetsTheRecurrentStateAndForecastsButKeepsTheScale() {
    SensorForecaster forecaster = new SensorForecaster(randomLstm(), SETTINGS, 1, StepEngines.java());
    SensorStateLayout layout = forecaster.layout();
    float[] state = forecaster.newSensorState();
    WindowBatch batch = new WindowBatch(1, SETTINGS.horizon());
    batch.addObserved(state, 0, 3f);
    forecaster.advance(batch);
    float[] before = state.clone();
    forecaster.resetRecurrentState(state);
    assertThat(forecaster.hasForecast(state)).isFalse();
    for (int i = 0; i < layout.recurrentSize(); i++) {
      assertThat(state[i]).isZero();
    }
    for (int i = layout.normalizationOffset(); i < layout.forecastOffset(); i++) {
      assertThat(Float.floatToIntBits(state[i])).as("statistic %d", i).isEqualTo(Float.floatToIntBits(before[i]));
    }
  }

  @Test
  void stateSizeAndSerializedBytesFollowTheModel() {
    SensorForecaster forecaster = new SensorForecaster(randomLstm(), SETTINGS, 1, StepEngines.java());
    // LSTM, 2 layers of 8: h and c per layer = 32 floats; 3 statistics of the values, 78 of the
    // residuals (AnomalyScorer); 3 forecasts; 24 of the horizon's calibration (HorizonCalibration)
    assertThat(forecaster.layout().size()).isEqualTo(140);
    assertThat(forecaster.layout().serializedBytes()).isEqualTo(4 + 140 * 4);
    assertThat(forecaster.newSensorState()).hasSize(140);
  }

  @Test
  void rejectsAModelThatDoesNotFitTheSettings() {
    ModelConfig wrongInput = new ModelConfig(CellType.LSTM, 1, 8, 1, SETTINGS.horizon());
    ModelConfig wrongHead = new ModelConfig(CellType.LSTM, WindowEncoding.INPUT_SIZE, 8, 1, 1);
    assertThatThrownBy(() -> SensorForecaster.requireFits(wrongInput, SETTINGS))
        .hasMessageContaining("3 inputs");
    assertThatThrownBy(() -> SensorForecaster.requireFits(wrongHead, SETTINGS))
        .hasMessageContaining("horizon is 3");
  }

  @Test
  void aGaussianHeadServesItsMeansAsTheForecasts() {
    int h = SETTINGS.horizon();
    ModelParameters gaussian = RandomModels.parameters(
        new ModelConfig(CellType.GRU, WindowEncoding.INPUT_SIZE, 8, 1, 2 * h), 5);
    ModelParameters meansOnly = ModelParameters.zeros(new ModelConfig(CellType.GRU, WindowEncoding.INPUT_SIZE, 8, 1, h));
    gaussian.asMap().forEach((name, values) -> {
      double[] target = meansOnly.get(name);
      System.arraycopy(values, 0, target, 0, target.length); // the head's first h rows, all else whole
    });
    float[][] values = series(2, 40, 9);
    float[][] served = runInBundles(RecurrentNetwork.compile(gaussian), values, 2);
    float[][] reference = runInBundles(RecurrentNetwork.compile(meansOnly), values, 2);
    for (int s = 0; s < values.length; s++) {
      assertThat(served[s]).containsExactly(reference[s]);
    }
  }

  /** A new sensor of {@code forecaster} after 40 windows of 10, 11, 12, 10, ... */
  private static SensorState afterFortyWindows(SensorForecaster forecaster) {
    SensorState sensor = forecaster.newSensor();
    WindowBatch batch = new WindowBatch(1, SETTINGS.horizon());
    for (int t = 0; t < 40; t++) {
      batch.addObserved(sensor.values(), t * WINDOW, 10f + t % 3);
      forecaster.advance(batch);
      batch.clear();
    }
    return sensor;
  }
}
