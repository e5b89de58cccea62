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
 * where a_* = W_i* x + b_i* + W_h* h + b_h*. The plain LSTM has all-zero peepholes.
 */
final class LstmKernel implements CellKernel {
  @Override
  public void apply(int batch, float[] gates, float[] states, StateLayout layout, int layer, PackedLayer weights) {
    int hidden = layout.hiddenSize();
    int stride = layout.size();
    int columns = weights.columns;
    float[] pI = weights.peepholeI;
    float[] pF = weights.peepholeF;
    float[] pO = weights.peepholeO;
    for (int b = 0; b < batch; b++) {
      int gi = b * columns;
      int gf = gi + hidden;
      int gg = gf + hidden;
      int go = gg + hidden;
      int h = b * stride + layout.hiddenOffset(layer);
      int c = b * stride + layout.cellOffset(layer);
      for (int u = 0; u < hidden; u++) {
        float cPrev = states[c + u];
        float inputGate = sigmoid(gates[gi + u] + pI[u] * cPrev);
        float forgetGate = sigmoid(gates[gf + u] + pF[u] * cPrev);
        float candidate = tanh(gates[gg + u]);
        float cNext = forgetGate * cPrev + inputGate * candidate;
        float outputGate = sigmoid(gates[go + u] + pO[u] * cNext);
        states[c + u] = cNext;
        states[h + u] = outputGate * tanh(cNext);
      }
    }
  }
}
