package io.flowcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import io.flowcast.model.testutils.RandomModels;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Step-by-step parity of the float stepper with DeepLearning4j's recurrent layers fed one step at a
 * time through {@code MultiLayerNetwork.rnnTimeStep} (input [B, I, 1], NCW), float32, abs 1e-5.
 *
 * <p>Parameter conversion from the PyTorch layout (weights [G*H, I_k] row blocks):
 *
 * <ul>
 *   <li>{@code LSTM}: W [I_k, 4H], RW [H, 4H], b [1, 4H] = b_ih + b_hh, column blocks in DL4J order
 *       (g, f, o, i) in PyTorch's names. Confirmed in DL4J's {@code LSTMHelpers.activateHelper}
 *       (deeplearning4j-nn, org/deeplearning4j/nn/layers/recurrent/LSTMHelpers.java): columns
 *       [0, H) get the layer activation (tanh) and are the cell input, [H, 2H) the forget gate,
 *       [2H, 3H) the output gate, [3H, 4H) the "input modulation" gate (sigmoid) that multiplies the
 *       cell input, i.e. PyTorch's i. {@link #dl4jBlocksAreGfoi} shows the order matters.
 *   <li>{@code GravesLSTM} (our {@code LSTM_PEEPHOLE}): as LSTM, and RW [H, 4H + 3] whose last
 *       three columns are the peepholes wFF (forget, sees c[t-1]), wOO (output, sees c[t]) and wGG
 *       (the input gate, sees c[t-1]).
 *   <li>{@code SimpleRnn}: W [I_k, H], RW [H, H], b [1, H] = b_ih + b_hh.
 * </ul>
 */
class Dl4jParityTest {
  private static final double TOLERANCE = 1e-5;
  private static final int STEPS = 6;
  /** DL4J column block q holds PyTorch gate block DL4J_TO_TORCH[q] (i=0, f=1, g=2, o=3). */
  private static final int[] DL4J_TO_TORCH = {2, 1, 3, 0};

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> cases = Stream.builder();
    long seed = 1;
    for (CellType cell : new CellType[] {CellType.LSTM, CellType.RNN, CellType.RNN_RELU, CellType.LSTM_PEEPHOLE}) {
      for (int layers = 1; layers <= 2; layers++) {
        cases.add(Arguments.of(new ModelConfig(cell, 1, 1, layers, 0), 1, seed++));
        cases.add(Arguments.of(new ModelConfig(cell, 3, 5, layers, 0), 4, seed++));
        cases.add(Arguments.of(new ModelConfig(cell, 7, 16, layers, 0), 9, seed++));
      }
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} B={1}")
  @MethodSource("cases")
  void rnnTimeStepMatchesStepper(ModelConfig config, int batch, long seed) {
    Random random = new Random(seed);
    ModelParameters parameters = RandomModels.parameters(config, 2.0, random);
    float[][][] inputs = RandomModels.uniform(STEPS, batch, config.inputSize(), 2.0, random);
    float[][][] h0 = RandomModels.uniform(config.numLayers(), batch, config.hiddenSize(), 1.0, random);
    float[][][] c0 = config.cell().hasCellState()
        ? RandomModels.uniform(config.numLayers(), batch, config.hiddenSize(), 1.0, random)
        : null;

    RecurrentNetwork network = RecurrentNetwork.compile(parameters);
    StateLayout layout = network.stateLayout();
    BatchStepper stepper = network.newStepper(batch);
    float[] states = RandomModels.packStates(layout, h0, c0, batch);
    MultiLayerNetwork dl4j = dl4jNetwork(parameters, DL4J_TO_TORCH);
    setDl4jState(dl4j, config, h0, c0);

    for (int t = 0; t < STEPS; t++) {
      stepper.step(batch, RandomModels.stepInputs(inputs, t), states);
      INDArray output = dl4j.rnnTimeStep(ncw(inputs[t]));

      assertThat(output.shape()).containsExactly(batch, config.hiddenSize(), 1);
      for (int layer = 0; layer < config.numLayers(); layer++) {
        Map<String, INDArray> dl4jState = dl4j.rnnGetPreviousState(layer);
        assertState("t=" + t + " layer " + layer + " h", layout, states, layer, true, dl4jState.get("prevAct"));
        if (config.cell().hasCellState()) {
          assertState("t=" + t + " layer " + layer + " c", layout, states, layer, false, dl4jState.get("prevMem"));
        }
      }
      assertState("t=" + t + " output", layout, states, config.numLayers() - 1, true,
          output.reshape(batch, config.hiddenSize()));
    }
  }

  /** The converter is not vacuous: with PyTorch's own block order the outputs differ. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("lstmConfigs")
  void dl4jBlocksAreGfoi(ModelConfig config) {
    ModelParameters parameters = RandomModels.parameters(config, 2.0, new Random(99));
    float[][][] inputs = RandomModels.uniform(1, 2, config.inputSize(), 2.0, new Random(100));
    RecurrentNetwork network = RecurrentNetwork.compile(parameters);
    float[] states = new float[2 * network.stateLayout().size()];
    network.newStepper(2).step(2, RandomModels.stepInputs(inputs, 0), states);
    float[] ours = RandomModels.stateOf(network.stateLayout(), states, 0, 0, true);

    INDArray converted = dl4jNetwork(parameters, DL4J_TO_TORCH).rnnTimeStep(ncw(inputs[0]));
    INDArray pytorchOrder = dl4jNetwork(parameters, new int[] {0, 1, 2, 3}).rnnTimeStep(ncw(inputs[0]));

    float[] expected = converted.reshape(2, config.hiddenSize()).getRow(0).toFloatVector();
    float[] wrong = pytorchOrder.reshape(2, config.hiddenSize()).getRow(0).toFloatVector();
    for (int u = 0; u < ours.length; u++) {
      assertThat((double) ours[u]).isCloseTo(expected[u], within(TOLERANCE));
    }
    double maxDifference = 0;
    for (int u = 0; u < ours.length; u++) {
      maxDifference = Math.max(maxDifference, Math.abs(ours[u] - wrong[u]));
    }
    assertThat(maxDifference).isGreaterThan(1e-2);
  }

  static Stream<ModelConfig> lstmConfigs() {
    return Stream.of(new ModelConfig(CellType.LSTM, 3, 6, 1, 0), new ModelConfig(CellType.LSTM_PEEPHOLE, 3, 6, 1, 0));
  }

  private static void assertState(
      String what, StateLayout layout, float[] states, int layer, boolean hidden, INDArray dl4j) {
    int batch = (int) dl4j.size(0);
    assertThat(dl4j.shape()).as(what + " shape").containsExactly(batch, layout.hiddenSize());
    for (int b = 0; b < batch; b++) {
      float[] ours = RandomModels.stateOf(layout, states, b, layer, hidden);
      for (int u = 0; u < ours.length; u++) {
        assertThat((double) ours[u])
            .as("%s key %d unit %d", what, b, u)
            .isCloseTo(dl4j.getDouble(b, u), within(TOLERANCE));
      }
    }
  }

  /** [B][I] as a DL4J NCW single step [B, I, 1]. */
  private static INDArray ncw(float[][] step) {
    INDArray array = Nd4j.create(DataType.FLOAT, step.length, step[0].length, 1);
    for (int b = 0; b < step.length; b++) {
      for (int i = 0; i < step[b].length; i++) {
        array.putScalar(new long[] {b, i, 0}, step[b][i]);
      }
    }
    return array;
  }

  private static void setDl4jState(MultiLayerNetwork net, ModelConfig config, float[][][] h0, float[][][] c0) {
    for (int layer = 0; layer < config.numLayers(); layer++) {
      Map<String, INDArray> state = new HashMap<>();
      state.put("prevAct", Nd4j.create(h0[layer]).castTo(DataType.FLOAT));
      if (c0 != null) {
        state.put("prevMem", Nd4j.create(c0[layer]).castTo(DataType.FLOAT));
      }
      net.rnnSetPreviousState(layer, state);
    }
  }

  /**
   * A DL4J network holding {@code parameters}; {@code blockOrder[q]} is the PyTorch gate block put in
   * DL4J column block q (LSTM kinds).
   */
  static MultiLayerNetwork dl4jNetwork(ModelParameters parameters, int[] blockOrder) {
    ModelConfig config = parameters.config();
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(0).list();
    for (int layer = 0; layer < config.numLayers(); layer++) {
      int in = config.layerInputSize(layer);
      int out = config.hiddenSize();
      BaseRecurrentLayer.Builder<?> builder = switch (config.cell()) {
        case LSTM -> new LSTM.Builder().gateActivationFunction(Activation.SIGMOID).forgetGateBiasInit(0);
        case LSTM_PEEPHOLE -> new GravesLSTM.Builder().gateActivationFunction(Activation.SIGMOID).forgetGateBiasInit(0);
        case RNN, RNN_RELU -> new SimpleRnn.Builder();
        case GRU -> throw new IllegalArgumentException("DL4J has no GRU layer");
      };
      Activation activation = config.cell() == CellType.RNN_RELU ? Activation.RELU : Activation.TANH;
      list.layer(builder.nIn(in).nOut(out).activation(activation).build());
    }
    MultiLayerNetwork net = new MultiLayerNetwork(list.build());
    net.init();
    for (int layer = 0; layer < config.numLayers(); layer++) {
      setLayerParameters(net, parameters, layer, blockOrder);
    }
    return net;
  }

  private static void setLayerParameters(MultiLayerNetwork net, ModelParameters p, int layer, int[] blockOrder) {
    ModelConfig config = p.config();
    int in = config.layerInputSize(layer);
    int hidden = config.hiddenSize();
    int blocks = config.cell().gates();
    int columns = blocks * hidden;
    int peepholes = config.cell().hasPeepholes() ? 3 : 0;
    double[] wIh = p.get(ParameterSpec.weightIh(layer));
    double[] wHh = p.get(ParameterSpec.weightHh(layer));
    double[] bIh = p.get(ParameterSpec.biasIh(layer));
    double[] bHh = p.get(ParameterSpec.biasHh(layer));
    float[][] w = new float[in][columns];
    float[][] rw = new float[hidden][columns + peepholes];
    float[][] b = new float[1][columns];
    for (int q = 0; q < blocks; q++) {
      int torchBlock = blocks == 1 ? 0 : blockOrder[q];
      for (int u = 0; u < hidden; u++) {
        int column = q * hidden + u;
        int row = torchBlock * hidden + u;
        b[0][column] = (float) (bIh[row] + bHh[row]);
        for (int j = 0; j < in; j++) {
          w[j][column] = (float) wIh[row * in + j];
        }
        for (int j = 0; j < hidden; j++) {
          rw[j][column] = (float) wHh[row * hidden + j];
        }
      }
    }
    if (peepholes > 0) {
      double[][] vectors = {
        p.get(ParameterSpec.peephole('f', layer)),
        p.get(ParameterSpec.peephole('o', layer)),
        p.get(ParameterSpec.peephole('i', layer))
      };
      for (int k = 0; k < 3; k++) {
        for (int u = 0; u < hidden; u++) {
          rw[u][columns + k] = (float) vectors[k][u];
        }
      }
    }
    org.deeplearning4j.nn.api.Layer dl4jLayer = net.getLayer(layer);
    dl4jLayer.setParam("W", Nd4j.create(w));
    dl4jLayer.setParam("RW", Nd4j.create(rw));
    dl4jLayer.setParam("b", Nd4j.create(b));
  }
}
