package io.flowcast.model.train;

import static io.flowcast.model.testutils.TorchArrays.array;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.RNN;
import ai.djl.training.GradientCollector;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import io.flowcast.model.testutils.LibTorch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 trainer's gradients against libtorch's autograd through DJL's PyTorch engine on
 * CPU: the fused {@code torch::rnn_tanh} / {@code rnn_relu} / {@code lstm} / {@code gru} op from a zero state, the
 * head as a matmul, MSE with {@code reduction='mean'}, {@code backward()}; every parameter's
 * gradient within 1e-4 relative (L2 norm of the difference over the norm of libtorch's), with
 * libtorch in float32 and in float64. libtorch has no peephole LSTM (that cell is held to the
 * float64 network in {@link FloatNetworkTest}).
 */
class TorchGradientParityTest {
  private static final double TOLERANCE = 1e-4;

  @RegisterExtension static final LibTorch TORCH = new LibTorch();

  record Case(ModelConfig config, int steps, int batch, DataType type, long seed) {
    @Override
    public String toString() {
      return config.cell().id() + " I=" + config.inputSize() + " H=" + config.hiddenSize() + " L="
          + config.numLayers() + " T=" + steps + " B=" + batch + " torch " + type;
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    Random sizes = new Random(20261201);
    for (CellType cell : new CellType[] {CellType.RNN, CellType.RNN_RELU, CellType.LSTM, CellType.GRU}) {
      for (DataType type : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
        for (int i = 0; i < 3; i++) {
          ModelConfig config =
              new ModelConfig(cell, 1 + sizes.nextInt(5), 4 + sizes.nextInt(29), 1 + i % 2, 1 + sizes.nextInt(3));
          cases.add(new Case(config, 1 + sizes.nextInt(12), 1 + sizes.nextInt(9), type, sizes.nextLong()));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void floatGradientsMatchLibtorchAutograd(Case c) {
    Random random = new Random(c.seed());
    ModelConfig config = c.config();
    ModelParameters parameters = ModelParameters.zeros(config);
    Initializers.pytorchDefault(parameters, random);
    Tensor3 inputs = GradientCheckTest.randomTensor(c.steps(), c.batch(), config.inputSize(), random);
    Tensor3 targets = GradientCheckTest.randomTensor(c.steps(), c.batch(), config.outputSize(), random);

    FloatNetwork network = new FloatNetwork(config, FloatGemm.create());
    network.load(parameters);
    Tensor3 predictions = Tensor3.zeros(c.steps(), c.batch(), config.outputSize());
    network.forward(inputs, Dropout.DISABLED, predictions);
    network.backward(Loss.MSE.evaluate(predictions, targets).gradient());
    Gradients ours = Gradients.zeros(config);
    network.exportGradients(ours);

    Map<String, double[]> torch = torchGradients(parameters, inputs, targets, c.type());
    for (Map.Entry<String, double[]> tensor : torch.entrySet()) {
      assertThat(FloatNetworkTest.relativeError(ours.get(tensor.getKey()), tensor.getValue()))
          .as(tensor.getKey())
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }

  /** libtorch's gradient of every parameter, by name. */
  private static Map<String, double[]> torchGradients(
      ModelParameters parameters, Tensor3 inputs, Tensor3 targets, DataType type) {
    ModelConfig config = parameters.config();
    try (NDManager scope = TORCH.newScope()) {
      Map<String, NDArray> named = new LinkedHashMap<>();
      NDList recurrent = new NDList();
      for (ParameterSpec spec : ParameterSpec.of(config)) {
        long[] shape = new long[spec.shape().length];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = spec.shape()[d];
        }
        NDArray array = array(scope, parameters.get(spec.name()), new Shape(shape), type);
        array.setRequiresGradient(true);
        named.put(spec.name(), array);
        if (!spec.name().startsWith("out.")) {
          recurrent.add(array);
        }
      }
      NDArray x = array(scope, inputs.data(), new Shape(inputs.dim0(), inputs.dim1(), inputs.dim2()), type);
      NDArray y = array(scope, targets.data(), new Shape(targets.dim0(), targets.dim1(), targets.dim2()), type);
      int layers = config.numLayers();
      NDArray h0 = scope.zeros(new Shape(layers, inputs.dim1(), config.hiddenSize()), type);
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDList result = switch (config.cell()) {
          case RNN -> x.getNDArrayInternal()
              .rnn(x, h0, recurrent, true, layers, RNN.Activation.TANH, 0.0, true, false, false);
          case RNN_RELU -> x.getNDArrayInternal()
              .rnn(x, h0, recurrent, true, layers, RNN.Activation.RELU, 0.0, true, false, false);
          case GRU -> x.getNDArrayInternal().gru(x, h0, recurrent, true, layers, 0.0, true, false, false);
          case LSTM -> x.getNDArrayInternal()
              .lstm(x, new NDList(h0, h0.zerosLike()), recurrent, true, layers, 0.0, true, false, false);
          case LSTM_PEEPHOLE -> throw new IllegalArgumentException("libtorch has no peephole LSTM");
        };
        NDArray predictions = result.head()
            .matMul(named.get(ParameterSpec.HEAD_WEIGHT).transpose())
            .add(named.get(ParameterSpec.HEAD_BIAS));
        collector.backward(predictions.sub(y).square().mean());
      }
      Map<String, double[]> gradients = new LinkedHashMap<>();
      named.forEach((name, array) ->
          gradients.put(name, array.getGradient().toType(DataType.FLOAT64, false).toDoubleArray()));
      return gradients;
    }
  }
}
