package io.flowcast.model.step;

import static io.flowcast.model.step.FastActivations.sigmoid;
import static io.flowcast.model.step.FastActivations.tanh;

/**
 * GRU as in PyTorch (reset gate applied after the hidden matmul), gate blocks r, z, n_x, n_h:
 *
 * <pre>
 *   r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 *   z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *   n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *   h' = (1 - z) * n + z * h
 * </pre>
 *
 * Each activation gets a loop of its own: the JIT unrolls and vectorises small loop bodies only.
 */
final class GruKernel implements CellKernel {
  private final float[] hPrev;
  private final float[] hNext;

  GruKernel(int hidden) {
    hPrev = new float[hidden];
    hNext = new float[hidden];
  }

  @Override
  public void apply(float[][] blocks, float[] states, int hidden, int cell, PackedLayer weights) {
    float[] aR = blocks[0];
    float[] aZ = blocks[1];
    float[] aNx = blocks[2];
    float[] aNh = blocks[3];
    int units = hPrev.length;
    System.arraycopy(states, hidden, hPrev, 0, units);
    for (int u = 0; u < units; u++) {
      aR[u] = sigmoid(aR[u]);
    }
    for (int u = 0; u < units; u++) {
      aZ[u] = sigmoid(aZ[u]);
    }
    for (int u = 0; u < units; u++) {
      aNx[u] = tanh(aNx[u] + aR[u] * aNh[u]);
    }
    for (int u = 0; u < units; u++) {
      hNext[u] = (1f - aZ[u]) * aNx[u] + aZ[u] * hPrev[u];
    }
    System.arraycopy(hNext, 0, states, hidden, units);
  }
}
