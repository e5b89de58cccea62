package io.flowcast.model.step;

/**
 * Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh), or with ReLU, h' = max(0, W_ih x + b_ih +
 * W_hh h + b_hh) (PyTorch's {@code nn.RNN(nonlinearity='relu')}).
 */
final class RnnKernel implements CellKernel {
  private final int hidden;
  private final boolean relu;
  private final float[] hNext;

  RnnKernel(int hidden, boolean relu) {
    this.hidden = hidden;
    this.relu = relu;
    this.hNext = new float[TILE * hidden];
  }

  @Override
  public void apply(int keys, float[][] blocks, float[] states, TileStates tile, PackedLayer weights) {
    float[] preActivation = blocks[0];
    int n = keys * hidden;
    if (relu) {
      for (int u = 0; u < n; u++) {
        hNext[u] = Math.max(0f, preActivation[u]);
      }
    } else {
      for (int u = 0; u < n; u++) {
        hNext[u] = FastActivations.tanh(preActivation[u]);
      }
    }
    tile.scatterHidden(keys, hNext, states);
  }
}
