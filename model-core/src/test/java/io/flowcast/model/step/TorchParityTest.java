package io.flowcast.model.step;

import static io.flowcast.model.testutils.ArrayAssertions.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.RNN;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import io.flowcast.model.testutils.LibTorch;
import io.flowcast.model.testutils.RandomModels;
import io.flowcast.model.testutils.TorchArrays;
import io.flowcast.model.train.DoubleNetwork;
import io.flowcast.model.train.ForwardPass;
import io.flowcast.model.train.RecurrentState;
import io.flowcast.model.train.Tensor3;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random models beyond the golden files, checked against libtorch's own {@code torch::rnn_tanh},
 * {@code torch::lstm} and {@code torch::gru} (the ops behind {@code nn.RNN/LSTM/GRU}) called through
 * DJL's PyTorch engine on CPU ({@code NDArrayEx.rnn/lstm/gru}, flat weights per layer {@code
 * [w_ih, w_hh, b_ih, b_hh]}, time-major input). The float32 step is compared with libtorch in
 * float32 (abs 1e-5), {@link DoubleNetwork} with libtorch in float64 (abs 1e-9).
 *
 * <p>libtorch comes from the pytorch-native-cpu jar (extracted once to DJL's cache, {@code
 * ~/.djl.ai} or {@code DJL_CACHE_DIR}); offline mode stops DJL from ever trying to download it.
 */
class TorchParityTest {
  private static final double FLOAT32_TOLERANCE = 1e-5;
  private static final double FLOAT64_TOLERANCE = 1e-9;
  private static final int CASES_PER_KIND = 6;

  @RegisterExtension static final LibTorch TORCH = new LibTorch();

  record Case(ModelConfig config, int steps, int batch, long seed) {
    @Override
    public String toString() {
      return config.cell().id() + " I=" + config.inputSize() + " H=" + config.hiddenSize() + " L="
          + config.numLayers() + " T=" + steps + " B=" + batch + " seed=" + seed;
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    Random sizes = new Random(20240611);
    for (CellType cell : new CellType[] {CellType.RNN, CellType.RNN_RELU, CellType.LSTM, CellType.GRU}) {
      for (int i = 0; i < CASES_PER_KIND; i++) {
        int layers = 1 + i % 2;
        ModelConfig config =
            new ModelConfig(cell, 1 + sizes.nextInt(7), 1 + sizes.nextInt(24), layers, 0);
        cases.add(new Case(config, 1 + sizes.nextInt(8), 1 + sizes.nextInt(5), sizes.nextLong()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void floatStepMatchesLibtorchFloat32(Case c) {
    Random random = new Random(c.seed());
    ModelConfig config = c.config();
    // Scale 2 pushes gates out of their linear range, where activation errors would show.
    ModelParameters parameters = RandomModels.parameters(config, 2.0, random);
    float[][][] input = RandomModels.uniform(c.steps(), c.batch(), config.inputSize(), 2.0, random);
    float[][][] h0 = RandomModels.uniform(config.numLayers(), c.batch(), config.hiddenSize(), 1.0, random);
    float[][][] c0 = config.cell().hasCellState()
        ? RandomModels.uniform(config.numLayers(), c.batch(), config.hiddenSize(), 1.0, random)
        : null;

    SequenceOutput ours = RecurrentNetwork.compile(parameters).forward(input, h0, c0);
    TorchResult torch = runTorch(parameters, RandomModels.toDouble(input), RandomModels.toDouble(h0),
        RandomModels.toDouble(c0), DataType.FLOAT32);

    assertClose("output", ours.outputs(), torch.output(), FLOAT32_TOLERANCE);
    assertClose("h_n", ours.hN(), torch.hN(), FLOAT32_TOLERANCE);
    if (c0 != null) {
      assertClose("c_n", ours.cN(), torch.cN(), FLOAT32_TOLERANCE);
    } else {
      assertThat(ours.cN()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void doubleNetworkMatchesLibtorchFloat64(Case c) {
    Random random = new Random(c.seed() ^ 0x5DEECE66DL);
    ModelConfig config = c.config();
    ModelParameters parameters = RandomModels.parameters(config, 2.0, random);
    double[][][] input = RandomModels.toDouble(RandomModels.uniform(c.steps(), c.batch(), config.inputSize(), 2.0, random));
    double[][][] h0 = RandomModels.toDouble(RandomModels.uniform(config.numLayers(), c.batch(), config.hiddenSize(), 1.0, random));
    double[][][] c0 = config.cell().hasCellState()
        ? RandomModels.toDouble(RandomModels.uniform(config.numLayers(), c.batch(), config.hiddenSize(), 1.0, random))
        : null;

    RecurrentState initial = new RecurrentState(Tensor3.of(h0), c0 == null ? null : Tensor3.of(c0));
    ForwardPass ours = new DoubleNetwork(parameters)
        .forward(Tensor3.of(input), initial, io.flowcast.model.train.Dropout.DISABLED);
    TorchResult torch = runTorch(parameters, input, h0, c0, DataType.FLOAT64);

    assertTensorClose("output", ours.output(), torch.output());
    assertTensorClose("h_n", ours.finalState().h(), torch.hN());
    if (c0 != null) {
      assertTensorClose("c_n", ours.finalState().c(), torch.cN());
    }
  }

  private static void assertTensorClose(String what, Tensor3 actual, double[][][] expected) {
    assertThat(new int[] {actual.dim0(), actual.dim1(), actual.dim2()})
        .as(what + " shape")
        .containsExactly(expected.length, expected[0].length, expected[0][0].length);
    double worst = 0;
    for (int i = 0; i < actual.dim0(); i++) {
      for (int j = 0; j < actual.dim1(); j++) {
        for (int k = 0; k < actual.dim2(); k++) {
          worst = Math.max(worst, Math.abs(actual.get(i, j, k) - expected[i][j][k]));
        }
      }
    }
    assertThat(worst).as(what + " max abs error vs libtorch float64").isLessThanOrEqualTo(FLOAT64_TOLERANCE);
  }

  record TorchResult(double[][][] output, double[][][] hN, double[][][] cN) {}

  /** Runs libtorch's op for the model's cell on a [T][B][I] sequence from (h0, c0). */
  private static TorchResult runTorch(
      ModelParameters parameters, double[][][] input, double[][][] h0, double[][][] c0, DataType type) {
    ModelConfig config = parameters.config();
    try (NDManager scope = TORCH.newScope()) {
      NDList weights = new NDList();
      for (ParameterSpec spec : ParameterSpec.of(config)) {
        long[] shape = new long[spec.shape().length];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = spec.shape()[d];
        }
        weights.add(TorchArrays.array(scope, parameters.get(spec.name()), new Shape(shape), type));
      }
      NDArray x = array(scope, input, type);
      NDArray h = array(scope, h0, type);
      int layers = config.numLayers();
      NDList result = switch (config.cell()) {
        case RNN -> x.getNDArrayInternal()
            .rnn(x, h, weights, true, layers, RNN.Activation.TANH, 0.0, false, false, false);
        case RNN_RELU -> x.getNDArrayInternal()
            .rnn(x, h, weights, true, layers, RNN.Activation.RELU, 0.0, false, false, false);
        case GRU -> x.getNDArrayInternal().gru(x, h, weights, true, layers, 0.0, false, false, false);
        case LSTM -> x.getNDArrayInternal()
            .lstm(x, new NDList(h, array(scope, c0, type)), weights, true, layers, 0.0, false, false, false);
        case LSTM_PEEPHOLE -> throw new IllegalArgumentException("libtorch has no peephole LSTM");
      };
      assertThat(result.get(0).getDataType()).isEqualTo(type);
      int steps = input.length;
      int batch = input[0].length;
      int hidden = config.hiddenSize();
      return new TorchResult(
          cube(result.get(0).toType(DataType.FLOAT64, false).toDoubleArray(), steps, batch, hidden),
          cube(result.get(1).toType(DataType.FLOAT64, false).toDoubleArray(), layers, batch, hidden),
          result.size() > 2
              ? cube(result.get(2).toType(DataType.FLOAT64, false).toDoubleArray(), layers, batch, hidden)
              : null);
    }
  }

  private static NDArray array(NDManager scope, double[][][] values, DataType type) {
    int d0 = values.length;
    int d1 = values[0].length;
    int d2 = values[0][0].length;
    double[] flat = new double[d0 * d1 * d2];
    for (int i = 0; i < d0; i++) {
      for (int j = 0; j < d1; j++) {
        System.arraycopy(values[i][j], 0, flat, (i * d1 + j) * d2, d2);
      }
    }
    return TorchArrays.array(scope, flat, new Shape(d0, d1, d2), type);
  }

  private static double[][][] cube(double[] flat, int d0, int d1, int d2) {
    assertThat(flat).hasSize(d0 * d1 * d2);
    double[][][] cube = new double[d0][d1][d2];
    for (int i = 0; i < d0; i++) {
      for (int j = 0; j < d1; j++) {
        System.arraycopy(flat, (i * d1 + j) * d2, cube[i][j], 0, d2);
      }
    }
    return cube;
  }
}
