package io.flowcast.model.step;

import static io.flowcast.model.step.FastActivations.sigmoid;
import static io.flowcast.model.step.FastActivations.tanh;

/**
 * GRU as in PyTorch (reset gate applied after the hidden matmul), packed columns r, z, n_x, n_h:
 *
 * <pre>
 *   r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 *   z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *   n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *   h' = (1 - z) * n + z * h
 * </pre>
 */
final class GruKernel implements CellKernel {
  @Override
  public void apply(int batch, float[] gates, float[] states, StateLayout layout, int layer, PackedLayer weights) {
    int hidden = layout.hiddenSize();
    int stride = layout.size();
    int columns = weights.columns;
    for (int b = 0; b < batch; b++) {
      int gr = b * columns;
      int gz = gr + hidden;
      int gnx = gz + hidden;
      int gnh = gnx + hidden;
      int h = b * stride + layout.hiddenOffset(layer);
      for (int u = 0; u < hidden; u++) {
        float reset = sigmoid(gates[gr + u]);
        float update = sigmoid(gates[gz + u]);
        float candidate = tanh(gates[gnx + u] + reset * gates[gnh + u]);
        states[h + u] = (1f - update) * candidate + update * states[h + u];
      }
    }
  }
}
