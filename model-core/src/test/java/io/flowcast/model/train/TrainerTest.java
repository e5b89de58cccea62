package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {
  private static final int STEPS = 20;
  private static final int BATCH = 8;

  /** Sine waves with different phases: input x_t, target x_{t+1}. */
  private static Tensor3[] sineBatch() {
    Tensor3 inputs = Tensor3.zeros(STEPS, BATCH, 1);
    Tensor3 targets = Tensor3.zeros(STEPS, BATCH, 1);
    for (int b = 0; b < BATCH; b++) {
      double phase = 2 * Math.PI * b / BATCH;
      for (int t = 0; t < STEPS; t++) {
        inputs.set(t, b, 0, Math.sin(0.4 * t + phase));
        targets.set(t, b, 0, Math.sin(0.4 * (t + 1) + phase));
      }
    }
    return new Tensor3[] {inputs, targets};
  }

  private static ModelParameters model(CellType cell, int layers, int outputs) {
    ModelParameters p = ModelParameters.zeros(new ModelConfig(cell, 1, 12, layers, outputs));
    Initializers.pytorchDefault(p, new Random(42));
    return p;
  }

  @ParameterizedTest
  @EnumSource(value = CellType.class, names = {"LSTM", "GRU"})
  void learnsNextStepOfASineWave(CellType cell) {
    Tensor3[] data = sineBatch();
    Trainer trainer = Trainer.builder(model(cell, 1, 1)).adam().learningRate(0.02).clipNorm(5).build();
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
    Tensor3[] data = sineBatch();
    Trainer trainer =
        Trainer.builder(model(CellType.GRU, 2, 2))
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
    ModelParameters p = model(CellType.LSTM, 1, 1);
    ModelParameters before = p.copy();
    Tensor3[] data = sineBatch();
    data[1].set(3, 2, 0, Double.NaN);
    Trainer trainer = Trainer.builder(p).build();
    assertThatThrownBy(() -> trainer.trainBatch(data[0], data[1]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not updated");
    assertThat(p).isEqualTo(before);
  }

  @Test
  void builderRejectsInconsistentSettings() {
    ModelParameters oneLayer = model(CellType.LSTM, 1, 1);
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
    assertThatThrownBy(() -> Trainer.builder(model(CellType.GRU, 2, 1)).dropout(1).build())
        .hasMessageContaining("dropout");
  }
}
