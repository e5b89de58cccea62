package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.util.Arrays;

/**
 * Float32 forward and backpropagation through time of a stacked recurrent model with optional
 * linear head, for training: the same model as {@link DoubleNetwork} (from a zero initial state,
 * dropout on the inputs of layers k &gt;= 1), on float buffers laid out so that every matrix
 * product is a {@link FloatGemm} call per gate block over the whole batch, most of them over all M
 * = T*B rows (the buffers are gate-major, see {@link FloatLayerTape}).
 *
 * <p>Layer by layer (time inside a layer): forward, the input product {@code [M][I_k] x W_ih^T}
 * once for all steps, then per step the recurrent product {@code [B][H] x W_hh^T} and the {@link
 * FloatCell}; the head over all M rows. Backward, top layer first: the head's products over all
 * rows, then per step, latest first, the cell backward and the recurrent product {@code dA x W_hh}
 * that carries dh to the step before; after the last step the weight gradients {@code X^T dA},
 * {@code H^T dA} and the gradient of the layer's input {@code dA x W_ih} as single products over
 * all rows. Per step that leaves only the B-row recurrent products and the cell on the
 * sequential path.
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
  private float[] inputs;
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
    int rows = steps * batch;
    int hidden = config.hiddenSize();
    FloatArrays.toFloat(inputs.data(), this.inputs);
    drawMasks(dropout);
    for (int k = 0; k < layers.length; k++) {
      FloatLayerTape tape = tapes[k];
      if (k == 0) {
        tape.input = this.inputs;
        tape.inputOffset = 0;
      } else if (masked) {
        float[] below = tapes[k - 1].h;
        float[] mask = tape.mask;
        float[] masked = tape.maskedInput;
        int offset = batch * hidden;
        for (int i = 0; i < rows * hidden; i++) {
          masked[i] = mask[i] * below[offset + i];
        }
        tape.input = masked;
        tape.inputOffset = 0;
      } else {
        tape.input = tapes[k - 1].h;
        tape.inputOffset = batch * hidden;
      }
      forwardLayer(layers[k], tape);
    }
    FloatLayerTape top = tapes[layers.length - 1];
    if (head != null) {
      head.forward(gemm, rows, top.h, batch * hidden, predictions);
    } else {
      System.arraycopy(top.h, batch * hidden, predictions, 0, rows * hidden);
    }
    if (out.dim0() != steps || out.dim1() != batch || out.dim2() != predictionWidth()) {
      throw new IllegalArgumentException("output tensor has the wrong shape");
    }
    FloatArrays.toDouble(predictions, out.data());
  }

  /** Values the model predicts per step and sequence: O with a head, else H. */
  int predictionWidth() {
    return head != null ? head.outputs : config.hiddenSize();
  }

  private void forwardLayer(FloatLayer w, FloatLayerTape tape) {
    int hidden = tape.hidden;
    int columns = w.columns;
    int rows = steps * batch;
    int n = batch * hidden;
    if (w.peepholes) {
      w.tilePeepholes(tape);
    }
    for (int q = 0; q < tape.gates; q++) {
      int block = tape.gate(q, 0);
      FloatArrays.fillRows(tape.pre, block, w.inputBias, q * hidden, hidden, rows);
      gemm.multiply(rows, w.inputSize, hidden, tape.input, tape.inputOffset, w.weightIhT, q * hidden, columns,
          tape.pre, block, hidden);
    }
    boolean summed = cell.sumsPreActivations();
    for (int t = 0; t < steps; t++) {
      for (int q = 0; q < tape.gates; q++) {
        if (summed) {
          gemm.multiply(batch, hidden, hidden, tape.h, t * n, w.weightHhT, q * hidden, columns, tape.pre,
              tape.gate(q, t), hidden);
        } else {
          FloatArrays.fillRows(tape.hh, q * n, w.biasHh, q * hidden, hidden, batch);
          gemm.multiply(batch, hidden, hidden, tape.h, t * n, w.weightHhT, q * hidden, columns, tape.hh, q * n,
              hidden);
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
    int rows = steps * batch;
    int hidden = config.hiddenSize();
    if (dPredictions.dim0() != steps || dPredictions.dim1() != batch
        || dPredictions.dim2() != predictionWidth()) {
      throw new IllegalArgumentException("gradient shape differs from the predictions' shape");
    }
    FloatArrays.toFloat(dPredictions.data(), this.dPredictions);
    FloatLayerTape top = tapes[layers.length - 1];
    if (head != null) {
      head.backward(gemm, rows, top.h, batch * hidden, this.dPredictions, top.dOut);
    } else {
      System.arraycopy(this.dPredictions, 0, top.dOut, 0, rows * hidden);
    }
    for (int k = layers.length - 1; k >= 0; k--) {
      FloatLayer w = layers[k];
      FloatLayerTape tape = tapes[k];
      backwardLayer(w, tape);
      if (k > 0) {
        float[] dBelow = tapes[k - 1].dOut;
        Arrays.fill(dBelow, 0f);
        for (int q = 0; q < tape.gates; q++) {
          gemm.multiply(rows, hidden, w.inputSize, tape.dPre, tape.gate(q, 0), w.weightIh,
              q * hidden * w.inputSize, w.inputSize, dBelow, 0, w.inputSize);
        }
        if (masked) {
          float[] mask = tape.mask;
          for (int i = 0; i < rows * hidden; i++) {
            dBelow[i] *= mask[i];
          }
        }
      }
    }
  }

  private void backwardLayer(FloatLayer w, FloatLayerTape tape) {
    int hidden = tape.hidden;
    int columns = w.columns;
    int n = batch * hidden;
    int rows = steps * batch;
    w.zeroGradients();
    if (w.peepholes) {
      for (float[] g : tape.peepholeGradients) {
        Arrays.fill(g, 0f);
      }
    }
    System.arraycopy(tape.dOut, (steps - 1) * n, tape.dh, 0, n);
    Arrays.fill(tape.dc, 0f);
    for (int t = steps - 1; t >= 0; t--) {
      cell.backward(tape, w, t);
      if (t > 0) {
        for (int q = 0; q < tape.gates; q++) {
          gemm.multiply(batch, hidden, hidden, tape.dPreHh, tape.gate(q, t), w.weightHh, q * hidden * hidden,
              hidden, tape.dh, 0, hidden);
        }
        float[] dh = tape.dh;
        float[] dOut = tape.dOut;
        int at = (t - 1) * n;
        for (int i = 0; i < n; i++) {
          dh[i] += dOut[at + i];
        }
      }
    }
    for (int q = 0; q < tape.gates; q++) {
      int block = tape.gate(q, 0);
      gemm.multiplyTransposedA(rows, w.inputSize, hidden, tape.input, tape.inputOffset, tape.dPre, block,
          hidden, w.gradWeightIhT, q * hidden, columns);
      FloatArrays.addColumnSums(tape.dPre, block, rows, hidden, w.gradBiasIh, q * hidden);
      gemm.multiplyTransposedA(rows, hidden, hidden, tape.h, 0, tape.dPreHh, block, hidden, w.gradWeightHhT,
          q * hidden, columns);
      if (tape.dPreHh != tape.dPre) {
        FloatArrays.addColumnSums(tape.dPreHh, block, rows, hidden, w.gradBiasHh, q * hidden);
      }
    }
    if (tape.dPreHh == tape.dPre) {
      System.arraycopy(w.gradBiasIh, 0, w.gradBiasHh, 0, columns);
    }
    if (w.peepholes) {
      w.addPeepholeGradients(tape);
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
        float[] into = tapes[k].mask;
        for (int i = 0; i < size; i++) {
          into[t * size + i] = (float) mask[i];
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
    int rows = steps * batch;
    inputs = new float[rows * config.inputSize()];
    predictions = new float[rows * predictionWidth()];
    dPredictions = new float[rows * predictionWidth()];
  }
}
