package io.flowcast.model.step;

/** Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
final class RnnKernel implements CellKernel {
  private final float[] hNext;

  RnnKernel(int hidden) {
    hNext = new float[hidden];
  }

  @Override
  public void apply(float[][] blocks, float[] states, int hidden, int cell, PackedLayer weights) {
    float[] preActivation = blocks[0];
    for (int u = 0; u < hNext.length; u++) {
      hNext[u] = FastActivations.tanh(preActivation[u]);
    }
    System.arraycopy(hNext, 0, states, hidden, hNext.length);
  }
}
