package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.util.Arrays;

/**
 * Float32 forward and backpropagation through time of a stacked recurrent model with optional
 * linear head, for training: the same model as {@link DoubleNetwork} (from a zero initial state,
 * dropout on the inputs of layers k &gt;= 1), on float buffers of one array per step and gate
 * block (see {@link FloatLayerTape}), so that every matrix product is a {@link FloatGemm} call per
 * gate block over the B rows of one step and every elementwise loop is vectorised.
 *
 * <p>Layer by layer (time inside a layer): forward, per step the input product {@code [B][I_k] x
 * W_ih^T}, the recurrent product {@code [B][H] x W_hh^T} and the {@link FloatCell}; then the head.
 * Backward, top layer first: the head, then per step, latest first, the cell backward and the
 * recurrent product {@code dA x W_hh} that carries dh to the step before; after the last step the
 * weight gradients {@code X^T dA}, {@code H^T dA} (per gate block, summed over the steps) and the
 * gradient of the layer's input {@code dA x W_ih}. Only the recurrent products and the cell are on
 * the sequential path.
 *
 * <p>Buffers are allocated per (T, B) shape and reused while it stays the same; a pass allocates
 * nothing else (dropout aside, whose masks {@link Dropout} draws as double arrays, in the order
 * {@link DoubleNetwork} draws them so that one seed gives both networks the same masks). Not
 * thread-safe.
 */
final class FloatNetwork {
  private final ModelConfig config;
  private final FloatCell cell;
  private final FloatLayer[] layers;
  private final FloatHead head;
  private final FloatGemm gemm;
  private FloatLayerTape[] tapes = new FloatLayerTape[0];
  private float[][] inputs;
  private float[] predictions;
  private float[] dPredictions;
  private int steps = -1;
  private int batch = -1;
  private boolean masked;

  FloatNetwork(ModelConfig config, FloatGemm gemm) {
    this.config = config;
    this.cell = FloatCell.of(config.cell());
    this.gemm = gemm;
    this.layers = new FloatLayer[config.numLayers()];
    for (int k = 0; k < layers.length; k++) {
      layers[k] = new FloatLayer(config, k, cell.sumsPreActivations());
    }
    this.head = config.hasHead() ? new FloatHead(config) : null;
  }

  /** Rounds the weights of {@code parameters} (of this network's configuration) to float. */
  void load(ModelParameters parameters) {
    if (!parameters.config().equals(config)) {
      throw new IllegalArgumentException("parameters are for " + parameters.config() + ", not " + config);
    }
    for (FloatLayer layer : layers) {
      layer.load(parameters);
    }
    if (head != null) {
      head.load(parameters);
    }
  }

  /**
   * Forward from a zero state over {@code inputs [T][B][I]}; writes the predictions ({@code
   * [T][B][O]}, or the top layer's h without a head) into {@code out}.
   */
  void forward(Tensor3 inputs, Dropout dropout, Tensor3 out) {
    if (inputs.dim2() != config.inputSize()) {
      throw new IllegalArgumentException(
          "inputs have " + inputs.dim2() + " features, model expects " + config.inputSize());
    }
    allocate(inputs.dim0(), inputs.dim1());
    FloatArrays.toFloat(inputs.data(), this.inputs);
    drawMasks(dropout);
    for (int k = 0; k < layers.length; k++) {
      FloatLayerTape tape = tapes[k];
      if (k == 0) {
        tape.input = this.inputs;
      } else if (masked) {
        float[][] below = tapes[k - 1].outputs;
        for (int t = 0; t < steps; t++) {
          float[] mask = tape.mask[t];
          float[] h = below[t];
          float[] into = tape.maskedInput[t];
          for (int i = 0; i < into.length; i++) {
            into[i] = mask[i] * h[i];
          }
        }
        tape.input = tape.maskedInput;
      } else {
        tape.input = tapes[k - 1].outputs;
      }
      forwardLayer(layers[k], tape);
    }
    if (out.dim0() != steps || out.dim1() != batch || out.dim2() != predictionWidth()) {
      throw new IllegalArgumentException("output tensor has the wrong shape");
    }
    FloatLayerTape top = tapes[layers.length - 1];
    if (head != null) {
      head.forward(gemm, top.outputs, batch, predictions);
      FloatArrays.toDouble(predictions, out.data());
    } else {
      FloatArrays.toDouble(top.outputs, out.data());
    }
  }

  /** Values the model predicts per step and sequence: O with a head, else H. */
  int predictionWidth() {
    return head != null ? head.outputs : config.hiddenSize();
  }

  private void forwardLayer(FloatLayer w, FloatLayerTape tape) {
    int hidden = tape.hidden;
    if (w.peepholes) {
      w.tilePeepholes(tape);
    }
    boolean summed = cell.sumsPreActivations();
    for (int t = 0; t < steps; t++) {
      for (int q = 0; q < tape.gates; q++) {
        float[] pre = tape.pre[q][t];
        FloatArrays.fillRows(pre, 0, w.inputBias, q * hidden, hidden, batch);
        gemm.multiply(batch, w.inputSize, hidden, tape.input[t], 0, w.weightIhT, q * w.inputSize * hidden,
            hidden, pre, 0, hidden);
        float[] hiddenPart = summed ? pre : tape.hh[q];
        if (!summed) {
          FloatArrays.fillRows(hiddenPart, 0, w.biasHh, q * hidden, hidden, batch);
        }
        if (t > 0) {
          gemm.multiply(batch, hidden, hidden, tape.h[t], 0, w.weightHhT, q * hidden * hidden, hidden,
              hiddenPart, 0, hidden);
        }
      }
      cell.forward(tape, w, t);
    }
  }

  /**
   * Backpropagation through time of the last {@link #forward} from {@code dPredictions} =
   * dLoss/dpredictions (its shape); the weights must not have changed since. The gradients are
   * then read with {@link #exportGradients}.
   */
  void backward(Tensor3 dPredictions) {
    if (dPredictions.dim0() != steps || dPredictions.dim1() != batch
        || dPredictions.dim2() != predictionWidth()) {
      throw new IllegalArgumentException("gradient shape differs from the predictions' shape");
    }
    FloatLayerTape top = tapes[layers.length - 1];
    if (head != null) {
      FloatArrays.toFloat(dPredictions.data(), this.dPredictions);
      head.backward(gemm, top.outputs, batch, this.dPredictions, top.dOut);
    } else {
      FloatArrays.toFloat(dPredictions.data(), top.dOut);
    }
    for (int k = layers.length - 1; k >= 0; k--) {
      FloatLayer w = layers[k];
      FloatLayerTape tape = tapes[k];
      backwardLayer(w, tape);
      if (k > 0) {
        backwardInput(w, tape, tapes[k - 1].dOut);
      }
    }
  }

  private void backwardLayer(FloatLayer w, FloatLayerTape tape) {
    int hidden = tape.hidden;
    w.zeroGradients();
    if (w.peepholes) {
      for (float[] g : tape.peepholeGradients) {
        Arrays.fill(g, 0f);
      }
    }
    System.arraycopy(tape.dOut[steps - 1], 0, tape.dh, 0, tape.dh.length);
    Arrays.fill(tape.dc, 0f);
    for (int t = steps - 1; t >= 0; t--) {
      cell.backward(tape, w, t);
      if (t > 0) {
        for (int q = 0; q < tape.gates; q++) {
          gemm.multiply(batch, hidden, hidden, tape.dPreHh[q][t], 0, w.weightHh, q * hidden * hidden, hidden,
              tape.dh, 0, hidden);
        }
        FloatArrays.add(tape.dh, tape.dOut[t - 1]);
      }
    }
    for (int q = 0; q < tape.gates; q++) {
      int inputBlock = q * w.inputSize * hidden;
      int hiddenBlock = q * hidden * hidden;
      for (int t = 0; t < steps; t++) {
        gemm.multiplyTransposedA(batch, w.inputSize, hidden, tape.input[t], 0, tape.dPre[q][t], 0, hidden,
            w.gradWeightIhT, inputBlock, hidden);
        if (t > 0) {
          gemm.multiplyTransposedA(batch, hidden, hidden, tape.h[t], 0, tape.dPreHh[q][t], 0, hidden,
              w.gradWeightHhT, hiddenBlock, hidden);
        }
      }
      addBiasGradient(tape, tape.dPre[q], w.gradBiasIh, q * hidden);
      if (tape.dPreHh[q] == tape.dPre[q]) {
        System.arraycopy(w.gradBiasIh, q * hidden, w.gradBiasHh, q * hidden, hidden);
      } else {
        addBiasGradient(tape, tape.dPreHh[q], w.gradBiasHh, q * hidden);
      }
    }
    if (w.peepholes) {
      w.addPeepholeGradients(tape);
    }
  }

  /** {@code gradient[at .. at+H) +=} one gate block's {@code dPre} summed over steps and sequences. */
  private void addBiasGradient(FloatLayerTape tape, float[][] dPre, float[] gradient, int at) {
    float[] sums = tape.biasSums;
    Arrays.fill(sums, 0f);
    for (float[] step : dPre) {
      FloatArrays.add(sums, step);
    }
    FloatArrays.addColumnSums(sums, 0, batch, tape.hidden, gradient, at);
  }

  /**
   * The gradient of the layer's input, {@code dA x W_ih} per step (times the dropout mask), into
   * {@code dBelow}.
   */
  private void backwardInput(FloatLayer w, FloatLayerTape tape, float[][] dBelow) {
    int hidden = tape.hidden;
    for (int t = 0; t < steps; t++) {
      float[] d = dBelow[t];
      Arrays.fill(d, 0f);
      for (int q = 0; q < tape.gates; q++) {
        gemm.multiply(batch, hidden, w.inputSize, tape.dPre[q][t], 0, w.weightIh, q * hidden * w.inputSize,
            w.inputSize, d, 0, w.inputSize);
      }
      if (masked) {
        float[] mask = tape.mask[t];
        for (int i = 0; i < d.length; i++) {
          d[i] *= mask[i];
        }
      }
    }
  }

  /** Overwrites every tensor of {@code gradients} with the last {@link #backward}'s gradients. */
  void exportGradients(Gradients gradients) {
    for (FloatLayer layer : layers) {
      layer.exportGradients(gradients);
    }
    if (head != null) {
      head.exportGradients(gradients);
    }
  }

  /**
   * Draws the masks of layers 1..L-1 as {@link DoubleNetwork} does (step by step, layer by layer),
   * so that one seed gives both the same masks; none when dropout is off or there is one layer.
   */
  private void drawMasks(Dropout dropout) {
    masked = false;
    int size = batch * config.hiddenSize();
    for (int t = 0; t < steps && layers.length > 1; t++) {
      for (int k = 1; k < layers.length; k++) {
        double[] mask = dropout.mask(size);
        if (mask == null) {
          return;
        }
        masked = true;
        float[] into = tapes[k].mask[t];
        for (int i = 0; i < size; i++) {
          into[i] = (float) mask[i];
        }
      }
    }
  }

  private void allocate(int newSteps, int newBatch) {
    if (newSteps == steps && newBatch == batch) {
      return;
    }
    if (newSteps <= 0 || newBatch <= 0) {
      throw new IllegalArgumentException("need at least one step and one sequence");
    }
    steps = newSteps;
    batch = newBatch;
    tapes = new FloatLayerTape[layers.length];
    for (int k = 0; k < layers.length; k++) {
      tapes[k] = new FloatLayerTape(config, k, steps, batch, cell.sumsPreActivations());
    }
    inputs = new float[steps][batch * config.inputSize()];
    int outputs = head != null ? steps * batch * head.outputs : 0;
    predictions = new float[outputs];
    dPredictions = new float[outputs];
  }
}
