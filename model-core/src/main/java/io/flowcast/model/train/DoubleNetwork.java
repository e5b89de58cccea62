package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;

/**
 * Double-precision forward pass of a stacked recurrent model with optional linear head, recording a
 * tape for backpropagation through time ({@link ForwardPass#backward}). This is also the project's
 * float64 reference forward.
 *
 * <p>Layout: inputs {@code [T][B][I]}; for each step t and layer k, layer k reads {@code x_0 =
 * input[t]} or {@code x_k = dropout(h_{k-1}[t])} and updates its state with its {@link
 * io.flowcast.model.CellType cell}; {@code output[t] = h_{L-1}[t]} ({@code [T][B][H]}); the head gives
 * {@code head[t] = out.weight h_{L-1}[t] + out.bias} ({@code [T][B][O]}).
 */
public final class DoubleNetwork {
  private final ModelParameters parameters;
  private final Cell cell;
  private final LayerWeights[] layers;

  /** Runs on the live arrays of {@code parameters} (no copy). */
  public DoubleNetwork(ModelParameters parameters) {
    this.parameters = parameters;
    ModelConfig config = parameters.config();
    this.cell = Cell.of(config.cell());
    this.layers = new LayerWeights[config.numLayers()];
    for (int k = 0; k < layers.length; k++) {
      layers[k] = LayerWeights.of(config, k, parameters::get);
    }
  }

  /** Evaluation forward from a zero state, without dropout. */
  public ForwardPass forward(Tensor3 inputs) {
    return forward(inputs, RecurrentState.zeros(parameters.config(), inputs.dim1()), Dropout.DISABLED);
  }

  /**
   * Forward from {@code initial} ({@code h0}/{@code c0}, {@code [L][B][H]}) over {@code inputs
   * [T][B][I]}, applying {@code dropout} to the inputs of layers k &gt;= 1.
   */
  public ForwardPass forward(Tensor3 inputs, RecurrentState initial, Dropout dropout) {
    ModelConfig config = parameters.config();
    int steps = inputs.dim0();
    int batch = inputs.dim1();
    int hidden = config.hiddenSize();
    int numLayers = config.numLayers();
    if (inputs.dim2() != config.inputSize()) {
      throw new IllegalArgumentException(
          "inputs have " + inputs.dim2() + " features, model expects " + config.inputSize());
    }
    initial.requireShape(config, batch);
    double[][] h = new double[numLayers][];
    double[][] c = new double[numLayers][];
    for (int k = 0; k < numLayers; k++) {
      h[k] = initial.h().slice(k);
      c[k] = config.cell().hasCellState() ? initial.c().slice(k) : null;
    }
    Tensor3[] layerOutputs = new Tensor3[numLayers];
    for (int k = 0; k < numLayers; k++) {
      layerOutputs[k] = Tensor3.zeros(steps, batch, hidden);
    }
    ForwardPass.TapeEntry[][] tape = new ForwardPass.TapeEntry[steps][numLayers];
    for (int t = 0; t < steps; t++) {
      double[] x = inputs.slice(t);
      for (int k = 0; k < numLayers; k++) {
        LayerWeights w = layers[k];
        double[] mask = k == 0 ? null : dropout.mask(x.length);
        double[] layerInput = Dropout.apply(x, mask);
        double[] preIh =
            Dense.forward(w.weightIh(), w.biasIh(), layerInput, batch, w.gateRows(), w.inputSize());
        double[] preHh = Dense.forward(w.weightHh(), w.biasHh(), h[k], batch, w.gateRows(), hidden);
        CellStep step = cell.forward(w, batch, preIh, preHh, h[k], c[k]);
        tape[t][k] = new ForwardPass.TapeEntry(layerInput, mask, step);
        h[k] = step.h();
        c[k] = step.c();
        layerOutputs[k].setSlice(t, h[k]);
        x = h[k];
      }
    }
    RecurrentState last = RecurrentState.zeros(config, batch);
    for (int k = 0; k < numLayers; k++) {
      last.h().setSlice(k, h[k]);
      if (c[k] != null) {
        last.c().setSlice(k, c[k]);
      }
    }
    Tensor3 head = config.hasHead() ? head(layerOutputs[numLayers - 1]) : null;
    return new ForwardPass(parameters, cell, layers, tape, layerOutputs, last, head);
  }

  private Tensor3 head(Tensor3 top) {
    ModelConfig config = parameters.config();
    int batch = top.dim1();
    Tensor3 head = Tensor3.zeros(top.dim0(), batch, config.outputSize());
    for (int t = 0; t < top.dim0(); t++) {
      head.setSlice(
          t,
          Dense.forward(
              parameters.get(ParameterSpec.HEAD_WEIGHT),
              parameters.get(ParameterSpec.HEAD_BIAS),
              top.slice(t),
              batch,
              config.outputSize(),
              config.hiddenSize()));
    }
    return head;
  }
}
