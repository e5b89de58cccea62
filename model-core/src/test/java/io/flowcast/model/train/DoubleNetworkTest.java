package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DoubleNetworkTest {
  private static final ModelConfig CONFIG = new ModelConfig(CellType.LSTM, 2, 5, 2, 1);

  private static DoubleNetwork network() {
    ModelParameters p = ModelParameters.zeros(CONFIG);
    Initializers.pytorchDefault(p, new Random(11));
    return new DoubleNetwork(p);
  }

  @Test
  void dropoutActsOnlyBetweenLayersAndIsReproducible() {
    Tensor3 inputs = GradientCheckTest.randomTensor(4, 3, 2, new Random(1));
    DoubleNetwork net = network();
    RecurrentState zero = RecurrentState.zeros(CONFIG, 3);
    ForwardPass eval = net.forward(inputs);
    ForwardPass a = net.forward(inputs, zero, new Dropout(0.5, new Random(3)));
    ForwardPass b = net.forward(inputs, zero, new Dropout(0.5, new Random(3)));
    assertThat(a.layerOutput(0).data()).isEqualTo(eval.layerOutput(0).data());
    assertThat(a.output().data()).isNotEqualTo(eval.output().data()).isEqualTo(b.output().data());
  }

  @Test
  void continuingFromTheFinalStateEqualsOneLongSequence() {
    Tensor3 inputs = GradientCheckTest.randomTensor(6, 2, 2, new Random(2));
    DoubleNetwork net = network();
    ForwardPass whole = net.forward(inputs);
    Tensor3 first = new Tensor3(3, 2, 2, Arrays.copyOfRange(inputs.data(), 0, 12));
    Tensor3 second = new Tensor3(3, 2, 2, Arrays.copyOfRange(inputs.data(), 12, 24));
    ForwardPass continued =
        net.forward(second, net.forward(first).finalState(), Dropout.DISABLED);
    assertThat(continued.headOutput().data())
        .containsExactly(Arrays.copyOfRange(whole.headOutput().data(), 6, 12));
    assertThat(continued.finalState().c().data()).containsExactly(whole.finalState().c().data());
  }

  @Test
  void rejectsWrongInputWidthAndStateShape() {
    DoubleNetwork net = network();
    assertThatThrownBy(() -> net.forward(Tensor3.zeros(2, 1, 3)))
        .hasMessageContaining("3 features, model expects 2");
    RecurrentState wrongBatch = RecurrentState.zeros(CONFIG, 2);
    assertThatThrownBy(() -> net.forward(Tensor3.zeros(2, 1, 2), wrongBatch, Dropout.DISABLED))
        .hasMessageContaining("initial h must be [2, 1, 5]");
    assertThatThrownBy(() -> net.forward(Tensor3.zeros(2, 1, 2)).backward(Tensor3.zeros(2, 1, 5)))
        .hasMessageContaining("shape");
  }
}
