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
 * Each activation gets a loop of its own over the whole tile.
 */
final class GruKernel implements CellKernel {
  private final int hidden;
  private final float[] hPrev;
  private final float[] hNext;

  GruKernel(int hidden) {
    this.hidden = hidden;
    this.hPrev = new float[TILE * hidden];
    this.hNext = new float[TILE * hidden];
  }

  @Override
  public void apply(int keys, float[][] blocks, float[] states, TileStates tile, PackedLayer weights) {
    float[] aR = blocks[0];
    float[] aZ = blocks[1];
    float[] aNx = blocks[2];
    float[] aNh = blocks[3];
    int n = keys * hidden;
    tile.gatherHidden(keys, states, hPrev);
    for (int u = 0; u < n; u++) {
      aR[u] = sigmoid(aR[u]);
    }
    for (int u = 0; u < n; u++) {
      aZ[u] = sigmoid(aZ[u]);
    }
    for (int u = 0; u < n; u++) {
      aNx[u] = tanh(aNx[u] + aR[u] * aNh[u]);
    }
    for (int u = 0; u < n; u++) {
      hNext[u] = (1f - aZ[u]) * aNx[u] + aZ[u] * hPrev[u];
    }
    tile.scatterHidden(keys, hNext, states);
  }
}
