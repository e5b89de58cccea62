package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.util.Arrays;

/**
 * The linear head in float, {@code y = out.weight h + out.bias} over all M = T*B rows at once:
 * forward {@code [M][H] x weight^T} (dot products, O is small), backward {@code dH = dY x weight [O][H]} and {@code
 * dWeight += dY^T H}, {@code dBias += colsum dY}.
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

  /** {@code y [rows][O] = h [rows][H] (from hOffset) x weight^T + bias}. */
  void forward(FloatGemm gemm, int rows, float[] h, int hOffset, float[] y) {
    FloatArrays.fillRows(y, 0, bias, 0, outputs, rows);
    gemm.multiplyTransposedB(rows, hidden, outputs, h, hOffset, weight, 0, y, 0);
  }

  /** Sets the gradients from {@code dY [rows][O]} and writes {@code dH [rows][H] = dY x weight}. */
  void backward(FloatGemm gemm, int rows, float[] h, int hOffset, float[] dY, float[] dH) {
    Arrays.fill(gradWeight, 0f);
    Arrays.fill(gradBias, 0f);
    gemm.multiplyTransposedA(rows, outputs, hidden, dY, 0, h, hOffset, hidden, gradWeight, 0, hidden);
    FloatArrays.addColumnSums(dY, 0, rows, outputs, gradBias, 0);
    Arrays.fill(dH, 0, rows * hidden, 0f);
    gemm.multiply(rows, outputs, hidden, dY, 0, weight, 0, hidden, dH, 0, hidden);
  }

  void exportGradients(Gradients gradients) {
    FloatArrays.toDouble(gradWeight, gradients.get(ParameterSpec.HEAD_WEIGHT));
    FloatArrays.toDouble(gradBias, gradients.get(ParameterSpec.HEAD_BIAS));
  }
}
