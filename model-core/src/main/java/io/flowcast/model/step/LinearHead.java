package io.flowcast.model.step;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;

/** The linear head y = out.weight · h_top + out.bias, in float, weights [O, H] row-major. */
final class LinearHead {
  private final int outputs;
  private final int hidden;
  private final float[] weight;
  private final float[] bias;

  private LinearHead(int outputs, int hidden, float[] weight, float[] bias) {
    this.outputs = outputs;
    this.hidden = hidden;
    this.weight = weight;
    this.bias = bias;
  }

  static LinearHead of(ModelParameters params) {
    if (!params.config().hasHead()) {
      return null;
    }
    return new LinearHead(
        params.config().outputSize(),
        params.config().hiddenSize(),
        toFloat(params.get(ParameterSpec.HEAD_WEIGHT)),
        toFloat(params.get(ParameterSpec.HEAD_BIAS)));
  }

  void apply(int batch, float[] states, StateLayout layout, float[] out) {
    int top = layout.hiddenOffset(layout.numLayers() - 1);
    for (int b = 0; b < batch; b++) {
      int h = b * layout.size() + top;
      for (int o = 0; o < outputs; o++) {
        float sum = bias[o];
        int w = o * hidden;
        for (int u = 0; u < hidden; u++) {
          sum += weight[w + u] * states[h + u];
        }
        out[b * outputs + o] = sum;
      }
    }
  }

  private static float[] toFloat(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }
}
