package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrainerTest {
  static Stream<Arguments> cellsAndPrecisions() {
    return Arrays.stream(CellType.values())
        .flatMap(cell -> Stream.of(Arguments.of(cell, false), Arguments.of(cell, true)));
  }

  /** Both trainers the builder makes, float64 ({@code build}) and float32 ({@code buildFloat32}). */
  @ParameterizedTest(name = "{0} float32={1}")
  @MethodSource("cellsAndPrecisions")
  void learnsNextStepOfASineWave(CellType cell, boolean float32) {
    Trainer.Builder builder = Trainer.builder(TestModels.sineModel(cell, 1, 1)).adam().learningRate(0.02).clipNorm(5);
    BatchTrainer trainer = float32 ? builder.buildFloat32() : builder.build();
    double[] losses = firstAndLastLoss(trainer);
    assertThat(losses[1]).isLessThan(0.2 * losses[0]);
    assertThat(trainer.lastGradientNorm()).isFinite();
  }

  /** The loss of the first and of the last of 151 steps on {@link TestModels#sineBatch}. */
  private static double[] firstAndLastLoss(BatchTrainer trainer) {
    Tensor3[] data = TestModels.sineBatch();
    double initial = trainer.trainBatch(data[0], data[1]);
    double last = initial;
    for (int i = 0; i < 150; i++) {
      last = trainer.trainBatch(data[0], data[1]);
    }
    return new double[] {initial, last};
  }

  @Test
  void sgdWithDropoutDecayAndGaussianNllAlsoLearns() {
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
    double[] losses = firstAndLastLoss(trainer);
    assertThat(losses[1]).isLessThan(losses[0] - 0.5);
  }

  @ParameterizedTest(name = "float32={0}")
  @ValueSource(booleans = {false, true})
  void nonFiniteLossLeavesParametersUntouched(boolean float32) {
    ModelParameters p = TestModels.sineModel(CellType.LSTM, 1, 1);
    ModelParameters before = p.copy();
    Tensor3[] data = TestModels.sineBatch();
    data[1].set(3, 2, 0, Double.NaN);
    BatchTrainer trainer = float32 ? Trainer.builder(p).buildFloat32() : Trainer.builder(p).build();
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
