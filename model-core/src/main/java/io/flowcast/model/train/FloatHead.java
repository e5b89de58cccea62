package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.util.Arrays;

/**
 * The linear head in float, {@code y = out.weight h + out.bias} over the T steps' outputs {@code
 * [B][H]}: forward {@code h_t x weight^T} (dot products, O is small), backward {@code dH_t = dY_t x
 * weight [O][H]} and {@code dWeight += dY_t^T h_t}, {@code dBias += colsum dY}.
 */
final class FloatHead {
  final int outputs;
  private final int hidden;
  private final float[] weight;
  private final float[] bias;
  private final float[] gradWeight;
  private final float[] gradBias;

  FloatHead(ModelConfig config) {
    this.outputs = config.outputSize();
    this.hidden = config.hiddenSize();
    weight = new float[outputs * hidden];
    bias = new float[outputs];
    gradWeight = new float[outputs * hidden];
    gradBias = new float[outputs];
  }

  void load(ModelParameters parameters) {
    double[] w = parameters.get(ParameterSpec.HEAD_WEIGHT);
    FloatArrays.toFloat(w, weight);
    FloatArrays.toFloat(parameters.get(ParameterSpec.HEAD_BIAS), bias);
  }

  /**
   * {@code y [T][B][O] = h_t [B][H] x weight^T + bias} for the steps' outputs {@code h} ({@code
   * [T] x [B][H]}).
   */
  void forward(FloatGemm gemm, float[][] h, int batch, float[] y) {
    FloatArrays.fillRows(y, 0, bias, 0, outputs, h.length * batch);
    for (int t = 0; t < h.length; t++) {
      gemm.multiplyTransposedB(batch, hidden, outputs, h[t], 0, weight, 0, y, t * batch * outputs);
    }
  }

  /**
   * Sets the gradients from {@code dY [T][B][O]} and writes {@code dH [T] x [B][H] = dY x weight}
   * for the steps' outputs {@code h}.
   */
  void backward(FloatGemm gemm, float[][] h, int batch, float[] dY, float[][] dH) {
    Arrays.fill(gradWeight, 0f);
    Arrays.fill(gradBias, 0f);
    for (int t = 0; t < h.length; t++) {
      int at = t * batch * outputs;
      gemm.multiplyTransposedA(batch, outputs, hidden, dY, at, h[t], 0, hidden, gradWeight, 0, hidden);
      Arrays.fill(dH[t], 0f);
      gemm.multiply(batch, outputs, hidden, dY, at, weight, 0, hidden, dH[t], 0, hidden);
    }
    FloatArrays.addColumnSums(dY, 0, h.length * batch, outputs, gradBias, 0);
  }

  void exportGradients(Gradients gradients) {
    FloatArrays.toDouble(gradWeight, gradients.get(ParameterSpec.HEAD_WEIGHT));
    FloatArrays.toDouble(gradBias, gradients.get(ParameterSpec.HEAD_BIAS));
  }
}
