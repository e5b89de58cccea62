package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.data.Percentage.withPercentage;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The float32 trainer held to the float64 one; its learning and non-finite-loss tests run both
 * trainers in {@link TrainerTest}.
 */
class FloatTrainerTest {
  @Test
  void followsTheFloat64TrainerStepForStep() {
    Tensor3[] data = TestModels.sineBatch();
    double[] weights = new double[TestModels.SINE_STEPS * TestModels.SINE_BATCH];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = i % 5 == 0 ? 0 : 1;
    }
    ModelParameters reference = TestModels.sineModel(CellType.GRU, 2, 2);
    ModelParameters fast = reference.copy();
    Trainer slow = everySetting(reference).build();
    FloatTrainer quick = everySetting(fast).buildFloat32();
    for (int i = 0; i < 5; i++) {
      double expected = slow.trainBatch(data[0], data[1], weights);
      assertThat(quick.trainBatch(data[0], data[1], weights)).isCloseTo(expected, offset(1e-5));
      assertThat(quick.lastGradientNorm()).isCloseTo(slow.lastGradientNorm(), withPercentage(0.01));
    }
    for (Map.Entry<String, double[]> tensor : reference.asMap().entrySet()) {
      assertThat(FloatNetworkTest.relativeError(fast.get(tensor.getKey()), tensor.getValue()))
          .as(tensor.getKey()).isLessThan(1e-5);
    }
  }

  private static Trainer.Builder everySetting(ModelParameters parameters) {
    return Trainer.builder(parameters)
        .loss(Loss.GAUSSIAN_NLL).sgd(0.9).learningRate(0.01).weightDecay(1e-3).dropout(0.2).clipNorm(0.5).seed(4);
  }

  @Test
  void aTrainerBuiltFromAnExportedOptimizerStateContinuesExactly() {
    Tensor3[] data = TestModels.sineBatch();
    ModelParameters straight = TestModels.sineModel(CellType.GRU, 2, 1);
    ModelParameters resumed = straight.copy();
    FloatTrainer uninterrupted = Trainer.builder(straight).learningRate(0.01).buildFloat32();
    FloatTrainer first = Trainer.builder(resumed).learningRate(0.01).buildFloat32();
    for (int i = 0; i < 3; i++) {
      uninterrupted.trainBatch(data[0], data[1]);
      first.trainBatch(data[0], data[1]);
    }
    FloatTrainer second =
        Trainer.builder(resumed).learningRate(0.01).optimizerState(first.optimizerState()).buildFloat32();
    for (int i = 0; i < 2; i++) {
      assertThat(second.trainBatch(data[0], data[1])).isEqualTo(uninterrupted.trainBatch(data[0], data[1]));
    }
    assertThat(resumed).isEqualTo(straight);
  }

  @Test
  void evaluatesLikeTheFloat64TrainerWithoutUpdating() {
    Tensor3[] data = TestModels.sineBatch();
    ModelParameters p = TestModels.sineModel(CellType.LSTM, 2, 1);
    ModelParameters before = p.copy();
    double expected = Trainer.builder(p).build().evaluate(data[0], data[1], null);
    assertThat(Trainer.builder(p).dropout(0.5).buildFloat32().evaluate(data[0], data[1], null))
        .isCloseTo(expected, offset(1e-6));
    assertThat(p).isEqualTo(before);
  }

  @Test
  void rejectsInputsOfTheWrongWidth() {
    FloatTrainer trainer = Trainer.builder(TestModels.sineModel(CellType.RNN, 1, 1)).buildFloat32();
    assertThatThrownBy(() -> trainer.trainBatch(Tensor3.zeros(3, 2, 4), Tensor3.zeros(3, 2, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model expects 1");
  }
}
