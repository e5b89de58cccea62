package io.flowcast.model.step;

/** Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
final class RnnKernel implements CellKernel {
  @Override
  public void apply(int batch, float[] gates, float[] states, StateLayout layout, int layer, PackedLayer weights) {
    int hidden = layout.hiddenSize();
    int stride = layout.size();
    for (int b = 0; b < batch; b++) {
      int g = b * hidden;
      int h = b * stride + layout.hiddenOffset(layer);
      for (int u = 0; u < hidden; u++) {
        states[h + u] = FastActivations.tanh(gates[g + u]);
      }
    }
  }
}
