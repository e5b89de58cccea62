package io.flowcast.model.step;

/** Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
final class RnnKernel implements CellKernel {
  private final int hidden;
  private final float[] hNext;

  RnnKernel(int hidden) {
    this.hidden = hidden;
    this.hNext = new float[TILE * hidden];
  }

  @Override
  public void apply(int keys, float[][] blocks, float[] states, TileStates tile, PackedLayer weights) {
    float[] preActivation = blocks[0];
    int n = keys * hidden;
    for (int u = 0; u < n; u++) {
      hNext[u] = FastActivations.tanh(preActivation[u]);
    }
    tile.scatterHidden(keys, hNext, states);
  }
}
