package io.flowcast.model.train;

import static io.flowcast.model.step.FastActivations.sigmoid;
import static io.flowcast.model.step.FastActivations.tanh;

/**
 * The LSTM of {@link LstmCell} (its javadoc holds the forward and backward equations), gate blocks
 * i, f, g, o, in float with the step engine's {@link io.flowcast.model.step.FastActivations}, both
 * kinds: the peephole terms run only when the layer has peepholes (a loop-invariant test the JIT
 * hoists). {@code aux} keeps tanh(c_t).
 *
 * <p>Each loop runs over the whole step (B*H values) and reads or writes each array at one offset,
 * so the JIT vectorises it (it does not vectorise a loop that stores to an array at one offset and
 * loads from it at another).
 */
final class FloatLstmCell implements FloatCell {

  @Override
  public boolean sumsPreActivations() {
    return true;
  }

  @Override
  public void forward(FloatLayerTape tape, FloatLayer weights, int t) {
    int n = tape.batch * tape.hidden;
    boolean peep = weights.peepholes;
    float[] a = tape.pre;
    int gi = tape.gate(0, t);
    int gf = tape.gate(1, t);
    int gg = tape.gate(2, t);
    int go = tape.gate(3, t);
    int row = t * n;
    float[] cPrev = tape.c[t];
    float[] cNext = tape.c[t + 1];
    float[] h = tape.h;
    float[] tanhC = tape.aux;
    float[] pI = peep ? tape.peepholes[0] : null;
    float[] pF = peep ? tape.peepholes[1] : null;
    float[] pO = peep ? tape.peepholes[2] : null;
    for (int u = 0; u < n; u++) {
      a[gi + u] = sigmoid(peep ? a[gi + u] + pI[u] * cPrev[u] : a[gi + u]);
    }
    for (int u = 0; u < n; u++) {
      a[gf + u] = sigmoid(peep ? a[gf + u] + pF[u] * cPrev[u] : a[gf + u]);
    }
    for (int u = 0; u < n; u++) {
      a[gg + u] = tanh(a[gg + u]);
    }
    for (int u = 0; u < n; u++) {
      cNext[u] = a[gf + u] * cPrev[u] + a[gi + u] * a[gg + u];
    }
    for (int u = 0; u < n; u++) {
      a[go + u] = sigmoid(peep ? a[go + u] + pO[u] * cNext[u] : a[go + u]);
    }
    for (int u = 0; u < n; u++) {
      float tc = tanh(cNext[u]);
      tanhC[row + u] = tc;
      h[row + n + u] = a[go + u] * tc;
    }
  }

  @Override
  public void backward(FloatLayerTape tape, FloatLayer weights, int t) {
    int n = tape.batch * tape.hidden;
    float[] a = tape.pre;
    float[] d = tape.dPre;
    int gi = tape.gate(0, t);
    int gf = tape.gate(1, t);
    int gg = tape.gate(2, t);
    int go = tape.gate(3, t);
    int row = t * n;
    float[] cPrev = tape.c[t];
    float[] tanhC = tape.aux;
    float[] dh = tape.dh;
    float[] dc = tape.dc;
    for (int u = 0; u < n; u++) {
      float i = a[gi + u];
      float f = a[gf + u];
      float g = a[gg + u];
      float o = a[go + u];
      float tc = tanhC[row + u];
      float dhu = dh[u];
      float daO = dhu * tc * o * (1f - o);
      float dcNew = dc[u] + dhu * o * (1f - tc * tc);
      float daI = dcNew * g * i * (1f - i);
      float daF = dcNew * cPrev[u] * f * (1f - f);
      d[gi + u] = daI;
      d[gf + u] = daF;
      d[gg + u] = dcNew * i * (1f - g * g);
      d[go + u] = daO;
      dc[u] = dcNew * f;
      dh[u] = 0f;
    }
    if (weights.peepholes) {
      peepholeTerms(tape, t);
    }
  }

  /**
   * The peephole part of {@link #backward}, after the plain part has written da_i, da_f, da_o and
   * {@code dc = dc' f}: o's peephole adds {@code da_o p_o} to dc' (so to da_i, da_f, da_g and dc
   * through it), then {@code dc += da_i p_i + da_f p_f} and the peephole gradients.
   */
  private static void peepholeTerms(FloatLayerTape tape, int t) {
    int n = tape.batch * tape.hidden;
    float[] a = tape.pre;
    float[] d = tape.dPre;
    int gi = tape.gate(0, t);
    int gf = tape.gate(1, t);
    int gg = tape.gate(2, t);
    int go = tape.gate(3, t);
    float[] cPrev = tape.c[t];
    float[] cNext = tape.c[t + 1];
    float[] dc = tape.dc;
    float[] pI = tape.peepholes[0];
    float[] pF = tape.peepholes[1];
    float[] pO = tape.peepholes[2];
    float[] gpI = tape.peepholeGradients[0];
    float[] gpF = tape.peepholeGradients[1];
    float[] gpO = tape.peepholeGradients[2];
    for (int u = 0; u < n; u++) {
      float i = a[gi + u];
      float f = a[gf + u];
      float g = a[gg + u];
      float daO = d[go + u];
      float extra = daO * pO[u];
      float daI = d[gi + u] + extra * g * i * (1f - i);
      float daF = d[gf + u] + extra * cPrev[u] * f * (1f - f);
      d[gi + u] = daI;
      d[gf + u] = daF;
      d[gg + u] += extra * i * (1f - g * g);
      dc[u] += extra * f + daI * pI[u] + daF * pF[u];
      gpI[u] += daI * cPrev[u];
      gpF[u] += daF * cPrev[u];
      gpO[u] += daO * cNext[u];
    }
  }
}
