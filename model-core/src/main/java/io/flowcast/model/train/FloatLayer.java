package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.util.Arrays;

/**
 * One recurrent layer's weights in float for the float32 trainer, each matrix in both
 * orientations the products need, and the layer's gradient accumulators. With N = G*H gate rows
 * (PyTorch order) and I_k inputs:
 *
 * <pre>
 *   weightIh  [N][I_k]  = weight_ih_l{k}     weightIhT [G][I_k][H] = each gate block transposed
 *   weightHh  [N][H]    = weight_hh_l{k}     weightHhT [G][H][H]   = each gate block transposed
 *   inputBias [N]       = b_ih + b_hh (cells that sum both pre-activations) or b_ih (GRU)
 *   biasHh    [N]       = b_hh
 *   peepholeI/F/O [H]   (zero unless the cell has peepholes)
 * </pre>
 *
 * Gate block q of a product is block q of {@code weightIhT}/{@code weightHhT} (forward; blocks of
 * their own, {@code [I_k][H]} and {@code [H][H]} with row stride H: as H columns of an N-wide
 * matrix, a row stride of 1 KiB at LSTM H=64, a product's column strip fell on a few L1 sets
 * and missed) or its H rows of {@code weightIh}/{@code weightHh} (backward); the weight gradients
 * accumulate in the transposed block layout ({@link #gradWeightIhT}, {@link #gradWeightHhT}) and are
 * transposed back on {@link #exportGradients}. The tape
 * holds the peepholes tiled over the batch ({@link #tilePeepholes}) and their gradients, summed
 * back over the batch by {@link #addPeepholeGradients}.
 */
final class FloatLayer {
  final int inputSize;
  final int hiddenSize;
  final int columns;
  final int gates;
  final float[] weightIh;
  final float[] weightIhT;
  final float[] weightHh;
  final float[] weightHhT;
  final float[] inputBias;
  final float[] biasHh;
  final float[] peepholeI;
  final float[] peepholeF;
  final float[] peepholeO;
  final float[] gradWeightIhT;
  final float[] gradWeightHhT;
  final float[] gradBiasIh;
  final float[] gradBiasHh;
  final float[] gradPeepholeI;
  final float[] gradPeepholeF;
  final float[] gradPeepholeO;
  final boolean peepholes;
  private final int layer;
  private final boolean sumsBiases;

  FloatLayer(ModelConfig config, int layer, boolean sumsBiases) {
    this.layer = layer;
    this.inputSize = config.layerInputSize(layer);
    this.hiddenSize = config.hiddenSize();
    this.columns = config.gateRows();
    this.gates = config.cell().gates();
    this.peepholes = config.cell().hasPeepholes();
    this.sumsBiases = sumsBiases;
    weightIh = new float[columns * inputSize];
    weightIhT = new float[columns * inputSize];
    weightHh = new float[columns * hiddenSize];
    weightHhT = new float[columns * hiddenSize];
    inputBias = new float[columns];
    biasHh = new float[columns];
    peepholeI = new float[hiddenSize];
    peepholeF = new float[hiddenSize];
    peepholeO = new float[hiddenSize];
    gradWeightIhT = new float[columns * inputSize];
    gradWeightHhT = new float[columns * hiddenSize];
    gradBiasIh = new float[columns];
    gradBiasHh = new float[columns];
    gradPeepholeI = new float[hiddenSize];
    gradPeepholeF = new float[hiddenSize];
    gradPeepholeO = new float[hiddenSize];
  }

  /** Rounds this layer's tensors of {@code parameters} to float. */
  void load(ModelParameters parameters) {
    double[] wIh = parameters.get(ParameterSpec.weightIh(layer));
    double[] wHh = parameters.get(ParameterSpec.weightHh(layer));
    FloatArrays.toFloat(wIh, weightIh);
    FloatArrays.transposeBlocks(wIh, gates, hiddenSize, inputSize, weightIhT);
    FloatArrays.toFloat(wHh, weightHh);
    FloatArrays.transposeBlocks(wHh, gates, hiddenSize, hiddenSize, weightHhT);
    double[] bIh = parameters.get(ParameterSpec.biasIh(layer));
    double[] bHh = parameters.get(ParameterSpec.biasHh(layer));
    for (int r = 0; r < columns; r++) {
      inputBias[r] = (float) (sumsBiases ? bIh[r] + bHh[r] : bIh[r]);
      biasHh[r] = (float) bHh[r];
    }
    if (peepholes) {
      FloatArrays.toFloat(parameters.get(ParameterSpec.peephole('i', layer)), peepholeI);
      FloatArrays.toFloat(parameters.get(ParameterSpec.peephole('f', layer)), peepholeF);
      FloatArrays.toFloat(parameters.get(ParameterSpec.peephole('o', layer)), peepholeO);
    }
  }

  void zeroGradients() {
    for (float[] g : new float[][] {gradWeightIhT, gradWeightHhT, gradBiasIh, gradBiasHh, gradPeepholeI,
        gradPeepholeF, gradPeepholeO}) {
      Arrays.fill(g, 0f);
    }
  }

  /** Writes the peepholes into the tape's {@code [B*H]} copies, one per sequence. */
  void tilePeepholes(FloatLayerTape tape) {
    float[][] tiled = tape.peepholes;
    float[][] source = {peepholeI, peepholeF, peepholeO};
    for (int g = 0; g < 3; g++) {
      for (int b = 0; b < tape.batch; b++) {
        System.arraycopy(source[g], 0, tiled[g], b * hiddenSize, hiddenSize);
      }
    }
  }

  /** Adds the tape's per-sequence peephole gradients, summed over the batch, to this layer's. */
  void addPeepholeGradients(FloatLayerTape tape) {
    float[][] target = {gradPeepholeI, gradPeepholeF, gradPeepholeO};
    for (int g = 0; g < 3; g++) {
      FloatArrays.addColumnSums(tape.peepholeGradients[g], 0, tape.batch, hiddenSize, target[g], 0);
    }
  }

  /** Overwrites this layer's tensors in {@code gradients} with the accumulated gradients. */
  void exportGradients(Gradients gradients) {
    FloatArrays.transposeBlocks(gradWeightIhT, gates, inputSize, hiddenSize,
        gradients.get(ParameterSpec.weightIh(layer)));
    FloatArrays.transposeBlocks(gradWeightHhT, gates, hiddenSize, hiddenSize,
        gradients.get(ParameterSpec.weightHh(layer)));
    FloatArrays.toDouble(gradBiasIh, gradients.get(ParameterSpec.biasIh(layer)));
    FloatArrays.toDouble(gradBiasHh, gradients.get(ParameterSpec.biasHh(layer)));
    if (peepholes) {
      FloatArrays.toDouble(gradPeepholeI, gradients.get(ParameterSpec.peephole('i', layer)));
      FloatArrays.toDouble(gradPeepholeF, gradients.get(ParameterSpec.peephole('f', layer)));
      FloatArrays.toDouble(gradPeepholeO, gradients.get(ParameterSpec.peephole('o', layer)));
    }
  }
}
