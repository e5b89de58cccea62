package io.flowcast.model.step;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.util.ArrayList;
import java.util.List;

/**
 * A stacked RNN / LSTM / GRU with an optional linear head, compiled to float weights for
 * inference. Immutable and thread-safe; the per-thread scratch lives in {@link BatchStepper}.
 *
 * <p>Two entry points share one step: {@link #newStepper} advances a batch of keys one step
 * (the streaming path), and {@link #forward} runs a whole sequence [T, B, I] by stepping T times.
 * Parameters follow PyTorch's state_dict layout ({@link io.flowcast.model.ParameterSpec}); the
 * equations are in the cell kernels ({@code RnnKernel}, {@code LstmKernel}, {@code GruKernel}).
 */
public final class RecurrentNetwork {
  private final ModelConfig config;
  private final StateLayout layout;
  private final List<PackedLayer> layers;
  private final LinearHead head;

  private RecurrentNetwork(ModelConfig config, List<PackedLayer> layers, LinearHead head) {
    this.config = config;
    this.layout = StateLayout.of(config);
    this.layers = layers;
    this.head = head;
  }

  /**
   * Compiles parameters (rounded to float) into a network.
   *
   * @throws io.flowcast.model.InvalidParameterException if a tensor holds NaN or infinity
   */
  public static RecurrentNetwork compile(ModelParameters params) {
    params.requireFinite();
    List<PackedLayer> layers = new ArrayList<>();
    for (int layer = 0; layer < params.config().numLayers(); layer++) {
      layers.add(PackedLayer.pack(params, layer));
    }
    return new RecurrentNetwork(params.config(), List.copyOf(layers), LinearHead.of(params));
  }

  public ModelConfig config() {
    return config;
  }

  /** Where each key's h (and c) live in a state buffer. */
  public StateLayout stateLayout() {
    return layout;
  }

  /** A stepper with the default {@link StepEngines#JAVA} engine. */
  public BatchStepper newStepper(int maxBatch) {
    return newStepper(maxBatch, StepEngines.java());
  }

  /** A stepper for up to {@code maxBatch} keys per call, each layer's step built by {@code engine}. */
  public BatchStepper newStepper(int maxBatch, StepEngine engine) {
    return new BatchStepper(this, layers, maxBatch, engine);
  }

  LinearHead head() {
    if (head == null) {
      throw new IllegalStateException("the model has no head (no out.weight / out.bias)");
    }
    return head;
  }

  /**
   * Runs a sequence through the network.
   *
   * @param inputs [T][B][I]
   * @param h0 [L][B][H] initial hidden states, or null for zeros
   * @param c0 [L][B][H] initial cell states (LSTM kinds), or null for zeros
   * @throws IllegalArgumentException if a dimension does not match the model
   */
  public SequenceOutput forward(float[][][] inputs, float[][][] h0, float[][][] c0) {
    SequenceShape shape = SequenceShape.check(config, inputs, h0, c0);
    int batch = shape.batch();
    int hidden = config.hiddenSize();
    float[] states = new float[batch * layout.size()];
    scatterState(h0, states, true);
    scatterState(c0, states, false);
    BatchStepper stepper = newStepper(batch);
    float[] stepInputs = new float[batch * config.inputSize()];
    float[] headOut = config.hasHead() ? new float[batch * config.outputSize()] : null;
    float[][][] outputs = new float[shape.steps()][batch][hidden];
    float[][][] headOutputs = config.hasHead() ? new float[shape.steps()][][] : null;
    int top = layout.hiddenOffset(config.numLayers() - 1);
    for (int t = 0; t < shape.steps(); t++) {
      for (int b = 0; b < batch; b++) {
        System.arraycopy(inputs[t][b], 0, stepInputs, b * config.inputSize(), config.inputSize());
      }
      stepper.step(batch, stepInputs, states);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(states, b * layout.size() + top, outputs[t][b], 0, hidden);
      }
      if (headOut != null) {
        stepper.head(batch, states, headOut);
        headOutputs[t] = reshape(headOut, batch, config.outputSize());
      }
    }
    float[][][] hN = gatherState(states, batch, true);
    float[][][] cN = config.cell().hasCellState() ? gatherState(states, batch, false) : null;
    return new SequenceOutput(outputs, hN, cN, headOutputs);
  }

  private void scatterState(float[][][] perLayer, float[] states, boolean hidden) {
    if (perLayer == null) {
      return;
    }
    for (int layer = 0; layer < perLayer.length; layer++) {
      int offset = hidden ? layout.hiddenOffset(layer) : layout.cellOffset(layer);
      for (int b = 0; b < perLayer[layer].length; b++) {
        System.arraycopy(perLayer[layer][b], 0, states, b * layout.size() + offset, config.hiddenSize());
      }
    }
  }

  private float[][][] gatherState(float[] states, int batch, boolean hidden) {
    float[][][] perLayer = new float[config.numLayers()][batch][config.hiddenSize()];
    for (int layer = 0; layer < config.numLayers(); layer++) {
      int offset = hidden ? layout.hiddenOffset(layer) : layout.cellOffset(layer);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(states, b * layout.size() + offset, perLayer[layer][b], 0, config.hiddenSize());
      }
    }
    return perLayer;
  }

  private static float[][] reshape(float[] flat, int rows, int columns) {
    float[][] matrix = new float[rows][columns];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * columns, matrix[r], 0, columns);
    }
    return matrix;
  }
}
