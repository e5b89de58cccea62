package io.flowcast.model.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.SensorWindows;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PretrainerTest {
  private static final ForecastSettings SETTINGS = ForecastSettings.defaults();
  private static final long HOUR = 3_600_000L;

  /** Hourly windows of a daily cycle with a little noise: learnable from the season phase. */
  private static List<SensorWindows> dailyCycles(int sensors, int days) {
    Random random = new Random(1);
    List<SensorWindows> out = new ArrayList<>();
    for (int s = 0; s < sensors; s++) {
      int n = 24 * days;
      long[] starts = new long[n];
      double[] means = new double[n];
      for (int i = 0; i < n; i++) {
        starts[i] = i * HOUR;
        means[i] = 10 * (s + 1) + 5 * Math.sin(2 * Math.PI * i / 24.0) + 0.1 * random.nextGaussian();
      }
      out.add(new SensorWindows("s" + s, HOUR, starts, means));
    }
    return out;
  }

  private static TrainingSet data(double validationFraction) {
    return new TrainingSetEncoder(SETTINGS, GapPolicy.IMPUTE, 12, validationFraction, 8)
        .encode(dailyCycles(4, 12));
  }

  private static PretrainingSettings settings(CellType cell, int epochs, double learningRate, int patience, long seed) {
    return new PretrainingSettings(cell, 8, 1, WeightInit.XAVIER_ORTHOGONAL, OptimizerChoice.ADAM, 0.9,
        learningRate, 1.0, 0, 0, epochs, 10, 8, 32, 8, patience, seed);
  }

  @Test
  void theLossFallsOnALearnableSeriesAndTheModelHasTheForecastShape() {
    List<EpochLoss> seen = new ArrayList<>();
    PretrainingResult result = new Pretrainer(settings(CellType.LSTM, 6, 0.01, 0, 3), SETTINGS.horizon())
        .pretrain(data(0.2), new Pretrainer.Progress() {
          @Override
          public void onEpoch(EpochLoss loss) {
            seen.add(loss);
          }
        });
    assertThat(seen).hasSize(6).isEqualTo(result.epochs());
    assertThat(result.finalLoss()).isLessThan(0.5 * result.initialLoss());
    assertThat(result.epochs().get(5).validationLoss()).isLessThan(result.epochs().get(0).validationLoss());
    assertThat(result.parameters().config()).isEqualTo(new ModelConfig(CellType.LSTM, 3, 8, 1, 3));
    result.parameters().requireFinite();
  }

  @Test
  void theSameSeedTrainsTheSameModel() {
    TrainingSet data = data(0.2);
    PretrainingResult first = new Pretrainer(settings(CellType.GRU, 2, 0.01, 0, 5), 3).pretrain(data, Pretrainer.Progress.NONE);
    PretrainingResult again = new Pretrainer(settings(CellType.GRU, 2, 0.01, 0, 5), 3).pretrain(data, Pretrainer.Progress.NONE);
    PretrainingResult other = new Pretrainer(settings(CellType.GRU, 2, 0.01, 0, 6), 3).pretrain(data, Pretrainer.Progress.NONE);
    assertThat(again.parameters()).isEqualTo(first.parameters());
    assertThat(again.epochs()).isEqualTo(first.epochs());
    assertThat(other.parameters()).isNotEqualTo(first.parameters());
  }

  @Test
  void stopsEarlyWhenTheValidationLossStopsFallingAndKeepsTheBestEpoch() {
    // a learning rate so small that no weight moves: the validation loss never improves on epoch 1
    PretrainingResult result = new Pretrainer(settings(CellType.RNN, 10, Double.MIN_VALUE, 2, 1), 3)
        .pretrain(data(0.2), Pretrainer.Progress.NONE);
    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.epochs()).hasSize(3);
    assertThat(result.bestEpoch()).isEqualTo(1);
  }

  @Test
  void runningOutOfEpochsIsNotStoppingEarly() {
    PretrainingResult result = new Pretrainer(settings(CellType.RNN, 3, Double.MIN_VALUE, 2, 1), 3)
        .pretrain(data(0.2), Pretrainer.Progress.NONE);
    assertThat(result.epochs()).hasSize(3);
    assertThat(result.stoppedEarly()).isFalse();
  }

  @Test
  void withoutValidationItRunsEveryEpochAndHasNoValidationLoss() {
    PretrainingResult result = new Pretrainer(settings(CellType.LSTM, 2, 0.01, 1, 1), 3)
        .pretrain(data(0), Pretrainer.Progress.NONE);
    assertThat(result.epochs()).hasSize(2);
    assertThat(result.bestEpoch()).isEqualTo(2);
    assertThat(result.best().validationLoss()).isNaN();
  }

  @Test
  void rejectsHistoryWithoutOneFullSequence() {
    PretrainingSettings longSequences = new PretrainingSettings(CellType.LSTM, 8, 1, WeightInit.PYTORCH,
        OptimizerChoice.SGD, 0.9, 0.01, 1.0, 0, 0, 1, 1, 2, 400, 8, 0, 1);
    assertThatThrownBy(() -> new Pretrainer(longSequences, 3).pretrain(data(0.2), Pretrainer.Progress.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one sequence of 400 windows");
  }

  @Test
  void stepsPerEpochDefaultToOnePassOverTheTrainingSteps() {
    PretrainingSettings auto = new PretrainingSettings(CellType.LSTM, 8, 1, WeightInit.PYTORCH,
        OptimizerChoice.SGD, 0.9, 0.01, 1.0, 0, 0, 1, 0, 4, 20, 10, 0, 1);
    assertThat(auto.stepsPerEpoch(400)).isEqualTo(10);
    assertThat(auto.stepsPerEpoch(1)).isEqualTo(1);
  }
}
