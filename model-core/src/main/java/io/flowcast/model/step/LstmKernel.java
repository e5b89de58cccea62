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
 * where a_* = W_i* x + b_i* + W_h* h + b_h*. The plain LSTM has all-zero peepholes. Each
 * activation gets a loop of its own: the JIT unrolls and vectorises small loop bodies only.
 */
final class LstmKernel implements CellKernel {
  private final float[] cPrev;
  private final float[] cNext;
  private final float[] hNext;

  LstmKernel(int hidden) {
    cPrev = new float[hidden];
    cNext = new float[hidden];
    hNext = new float[hidden];
  }

  @Override
  public void apply(float[][] blocks, float[] states, int hidden, int cell, PackedLayer weights) {
    float[] aI = blocks[0];
    float[] aF = blocks[1];
    float[] aG = blocks[2];
    float[] aO = blocks[3];
    float[] pI = weights.peepholeI;
    float[] pF = weights.peepholeF;
    float[] pO = weights.peepholeO;
    int units = cPrev.length;
    System.arraycopy(states, cell, cPrev, 0, units);
    for (int u = 0; u < units; u++) {
      aI[u] = sigmoid(aI[u] + pI[u] * cPrev[u]);
    }
    for (int u = 0; u < units; u++) {
      aF[u] = sigmoid(aF[u] + pF[u] * cPrev[u]);
    }
    for (int u = 0; u < units; u++) {
      aG[u] = tanh(aG[u]);
    }
    for (int u = 0; u < units; u++) {
      cNext[u] = aF[u] * cPrev[u] + aI[u] * aG[u];
    }
    for (int u = 0; u < units; u++) {
      aO[u] = sigmoid(aO[u] + pO[u] * cNext[u]);
    }
    for (int u = 0; u < units; u++) {
      hNext[u] = aO[u] * tanh(cNext[u]);
    }
    System.arraycopy(cNext, 0, states, cell, units);
    System.arraycopy(hNext, 0, states, hidden, units);
  }
}
