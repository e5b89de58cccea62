package io.flowcast.model.step;

import static io.flowcast.model.step.FastActivations.sigmoid;
import static io.flowcast.model.step.FastActivations.tanh;

/**
 * LSTM, gate blocks i, f, g, o (PyTorch order), with optional peepholes p_i, p_f, p_o:
 *
 * <pre>
 *   i  = sigmoid(a_i + p_i * c)        f = sigmoid(a_f + p_f * c)       g = tanh(a_g)
 *   c' = f * c + i * g
 *   o  = sigmoid(a_o + p_o * c')       h' = o * tanh(c')
 * </pre>
 *
 * where a_* = W_i* x + b_i* + W_h* h + b_h*. The plain LSTM skips the peephole terms (its
 * peepholes are zero). Each activation gets a loop of its own over the whole tile.
 */
final class LstmKernel implements CellKernel {
  private final int hidden;
  private final boolean peepholes;
  private final float[] cPrev;
  private final float[] cNext;
  private final float[] hNext;

  LstmKernel(int hidden, boolean peepholes) {
    this.hidden = hidden;
    this.peepholes = peepholes;
    this.cPrev = new float[TILE * hidden];
    this.cNext = new float[TILE * hidden];
    this.hNext = new float[TILE * hidden];
  }

  @Override
  public void apply(int keys, float[][] blocks, float[] states, TileStates tile, PackedLayer weights) {
    float[] aI = blocks[0];
    float[] aF = blocks[1];
    float[] aG = blocks[2];
    float[] aO = blocks[3];
    float[] pI = weights.peepholeI;
    float[] pF = weights.peepholeF;
    float[] pO = weights.peepholeO;
    int n = keys * hidden;
    tile.gatherCell(keys, states, cPrev);
    if (peepholes) {
      for (int u = 0; u < n; u++) {
        aI[u] = sigmoid(aI[u] + pI[u] * cPrev[u]);
      }
      for (int u = 0; u < n; u++) {
        aF[u] = sigmoid(aF[u] + pF[u] * cPrev[u]);
      }
    } else {
      for (int u = 0; u < n; u++) {
        aI[u] = sigmoid(aI[u]);
      }
      for (int u = 0; u < n; u++) {
        aF[u] = sigmoid(aF[u]);
      }
    }
    for (int u = 0; u < n; u++) {
      aG[u] = tanh(aG[u]);
    }
    for (int u = 0; u < n; u++) {
      cNext[u] = aF[u] * cPrev[u] + aI[u] * aG[u];
    }
    if (peepholes) {
      for (int u = 0; u < n; u++) {
        aO[u] = sigmoid(aO[u] + pO[u] * cNext[u]);
      }
    } else {
      for (int u = 0; u < n; u++) {
        aO[u] = sigmoid(aO[u]);
      }
    }
    for (int u = 0; u < n; u++) {
      hNext[u] = aO[u] * tanh(cNext[u]);
    }
    tile.scatterCell(keys, cNext, states);
    tile.scatterHidden(keys, hNext, states);
  }
}
