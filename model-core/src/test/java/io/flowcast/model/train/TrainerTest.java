package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {
  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"LSTM", "GRU"})
  void learnsNextStepOfASineWave(CellType cell) {
    Tensor3[] data = TestModels.sineBatch();
    Trainer trainer = Trainer.builder(TestModels.sineModel(cell, 1, 1)).adam().learningRate(0.02).clipNorm(5).build();
    double initial = trainer.trainBatch(data[0], data[1]);
    double last = initial;
    for (int i = 0; i < 150; i++) {
      last = trainer.trainBatch(data[0], data[1]);
    }
    assertThat(last).isLessThan(0.2 * initial);
    assertThat(trainer.lastGradientNorm()).isFinite();
  }

  @Test
  void sgdWithDropoutDecayAndGaussianNllAlsoLearns() {
    Tensor3[] data = TestModels.sineBatch();
    Trainer trainer =
        Trainer.builder(TestModels.sineModel(CellType.GRU, 2, 2))
            .loss(Loss.GAUSSIAN_NLL)
            .sgd(0.9)
            .learningRate(0.02)
            .weightDecay(1e-4)
            .dropout(0.1)
            .clipNorm(1)
            .seed(3)
            .build();
    double initial = trainer.trainBatch(data[0], data[1]);
    double last = initial;
    for (int i = 0; i < 150; i++) {
      last = trainer.trainBatch(data[0], data[1]);
    }
    assertThat(last).isLessThan(initial - 0.5);
  }

  @Test
  void nonFiniteLossLeavesParametersUntouched() {
    ModelParameters p = TestModels.sineModel(CellType.LSTM, 1, 1);
    ModelParameters before = p.copy();
    Tensor3[] data = TestModels.sineBatch();
    data[1].set(3, 2, 0, Double.NaN);
    Trainer trainer = Trainer.builder(p).build();
    assertThatThrownBy(() -> trainer.trainBatch(data[0], data[1]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not updated");
    assertThat(p).isEqualTo(before);
  }

  @Test
  void builderRejectsInconsistentSettings() {
    ModelParameters oneLayer = TestModels.sineModel(CellType.LSTM, 1, 1);
    assertThatThrownBy(() -> Trainer.builder(oneLayer).loss(Loss.GAUSSIAN_NLL).build())
        .hasMessageContaining("2 predictions per target");
    assertThatThrownBy(() -> Trainer.builder(oneLayer).dropout(0.2).build())
        .hasMessageContaining("1-layer");
    assertThatThrownBy(() -> Trainer.builder(oneLayer).clipNorm(0).build()).hasMessageContaining("clip");
    assertThatThrownBy(() -> Trainer.builder(oneLayer).learningRate(-1).build())
        .hasMessageContaining("learning rate");
    assertThatThrownBy(() -> Trainer.builder(oneLayer).sgd(1.5).build()).hasMessageContaining("momentum");
    assertThatThrownBy(() -> Trainer.builder(oneLayer).weightDecay(Double.NaN).build())
        .hasMessageContaining("weight decay");
    assertThatThrownBy(() -> Trainer.builder(TestModels.sineModel(CellType.GRU, 2, 1)).dropout(1).build())
        .hasMessageContaining("dropout");
  }
}
