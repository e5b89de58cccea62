package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;

/**
 * Result of {@link DoubleNetwork#forward}: the outputs plus the tape needed for backpropagation
 * through time. {@link #backward} reads the live parameter arrays, so call it before the parameters
 * change.
 */
public final class ForwardPass {
  /** One layer at one step: its (dropped-out) input {@code [B][I_k]}, dropout mask or null, cell step. */
  record TapeEntry(double[] input, double[] mask, CellStep step) {}

  private final ModelParameters parameters;
  private final Cell cell;
  private final LayerWeights[] layers;
  private final TapeEntry[][] tape;
  private final Tensor3[] layerOutputs;
  private final RecurrentState finalState;
  private final Tensor3 headOutput;

  ForwardPass(
      ModelParameters parameters,
      Cell cell,
      LayerWeights[] layers,
      TapeEntry[][] tape,
      Tensor3[] layerOutputs,
      RecurrentState finalState,
      Tensor3 headOutput) {
    this.parameters = parameters;
    this.cell = cell;
    this.layers = layers;
    this.tape = tape;
    this.layerOutputs = layerOutputs;
    this.finalState = finalState;
    this.headOutput = headOutput;
  }

  /** The top layer's hidden state at every step, {@code [T][B][H]} (PyTorch's {@code output}). */
  public Tensor3 output() {
    return layerOutputs[layerOutputs.length - 1];
  }

  /** Layer {@code k}'s hidden state at every step, {@code [T][B][H]} (before dropout). */
  public Tensor3 layerOutput(int layer) {
    return layerOutputs[layer];
  }

  /** {@code h_n} / {@code c_n}, {@code [L][B][H]}. */
  public RecurrentState finalState() {
    return finalState;
  }

  /** The head's output {@code [T][B][O]}, or null for a model without a head. */
  public Tensor3 headOutput() {
    return headOutput;
  }

  /** What the model predicts: {@link #headOutput()} if it has a head, else {@link #output()}. */
  public Tensor3 predictions() {
    return headOutput != null ? headOutput : output();
  }

  /**
   * Backpropagation through time from {@code dPredictions} = dLoss/d{@link #predictions()} (same
   * shape). Returns the gradients of every tensor and of the initial state {@code h0}/{@code c0}.
   */
  public BackwardResult backward(Tensor3 dPredictions) {
    Tensor3 predictions = predictions();
    if (dPredictions.dim0() != predictions.dim0()
        || dPredictions.dim1() != predictions.dim1()
        || dPredictions.dim2() != predictions.dim2()) {
      throw new IllegalArgumentException("gradient shape differs from the predictions' shape");
    }
    ModelConfig config = parameters.config();
    int steps = tape.length;
    int numLayers = layers.length;
    int batch = predictions.dim1();
    int hidden = config.hiddenSize();
    Gradients gradients = Gradients.zeros(config);
    LayerWeights[] grads = new LayerWeights[numLayers];
    for (int k = 0; k < numLayers; k++) {
      grads[k] = LayerWeights.of(config, k, gradients::get);
    }
    RecurrentState dState = RecurrentState.zeros(config, batch);
    double[][] dh = new double[numLayers][batch * hidden];
    double[][] dc = new double[numLayers][batch * hidden];
    double[] dPreIh = new double[batch * config.gateRows()];
    double[] dPreHh = new double[batch * config.gateRows()];
    for (int t = steps - 1; t >= 0; t--) {
      double[] dAbove = topGradient(dPredictions, t, gradients);
      for (int k = numLayers - 1; k >= 0; k--) {
        LayerWeights w = layers[k];
        LayerWeights g = grads[k];
        TapeEntry entry = tape[t][k];
        double[] dhNext = dh[k];
        for (int i = 0; i < dhNext.length; i++) {
          dhNext[i] += dAbove[i];
        }
        double[] dhPrev = new double[batch * hidden];
        double[] dcPrev = new double[batch * hidden];
        cell.backward(w, g, entry.step(), new CellGradients(dhNext, dc[k], dPreIh, dPreHh, dhPrev, dcPrev));
        double[] dx = new double[batch * w.inputSize()];
        Dense.backward(
            w.weightIh(), entry.input(), dPreIh, batch, w.gateRows(), w.inputSize(),
            g.weightIh(), g.biasIh(), dx);
        Dense.backward(
            w.weightHh(), entry.step().hPrev(), dPreHh, batch, w.gateRows(), hidden,
            g.weightHh(), g.biasHh(), dhPrev);
        dh[k] = dhPrev;
        dc[k] = dcPrev;
        dAbove = Dropout.apply(dx, entry.mask());
      }
    }
    for (int k = 0; k < numLayers; k++) {
      dState.h().setSlice(k, dh[k]);
      if (dState.c() != null) {
        dState.c().setSlice(k, dc[k]);
      }
    }
    return new BackwardResult(gradients, dState);
  }

  /** dLoss/d(top h at step t); accumulates the head's gradients when there is a head. */
  private double[] topGradient(Tensor3 dPredictions, int t, Gradients gradients) {
    if (headOutput == null) {
      return dPredictions.slice(t);
    }
    ModelConfig config = parameters.config();
    int batch = dPredictions.dim1();
    double[] dTop = new double[batch * config.hiddenSize()];
    Dense.backward(
        parameters.get(ParameterSpec.HEAD_WEIGHT),
        output().slice(t),
        dPredictions.slice(t),
        batch,
        config.outputSize(),
        config.hiddenSize(),
        gradients.get(ParameterSpec.HEAD_WEIGHT),
        gradients.get(ParameterSpec.HEAD_BIAS),
        dTop);
    return dTop;
  }
}
