package io.flowcast.model.train;

import static io.flowcast.model.step.FastActivations.sigmoid;
import static io.flowcast.model.step.FastActivations.tanh;

import java.util.Arrays;

/**
 * The LSTM of {@link LstmCell} (its javadoc holds the forward and backward equations), gate blocks
 * i, f, g, o, in float with the step engine's {@link io.flowcast.model.step.FastActivations}, both
 * kinds: the peephole terms run only when the layer has peepholes. {@code aux} keeps tanh(c_t).
 *
 * <p>Each loop runs over one step's n = B*H values of arrays that all start at offset 0 (see
 * {@link FloatLayerTape}) and does little enough per value that C2 unrolls and vectorises it; the
 * backward pass is therefore three loops rather than one.
 */
final class FloatLstmCell implements FloatCell {

  @Override
  public boolean sumsPreActivations() {
    return true;
  }

  @Override
  public void forward(FloatLayerTape tape, FloatLayer weights, int t) {
    float[] i = tape.pre[0][t];
    float[] f = tape.pre[1][t];
    float[] g = tape.pre[2][t];
    float[] o = tape.pre[3][t];
    float[] cPrev = tape.c[t];
    float[] cNext = tape.c[t + 1];
    float[] tanhC = tape.aux[t];
    float[] h = tape.h[t + 1];
    int n = h.length;
    if (weights.peepholes) {
      addProduct(i, tape.peepholes[0], cPrev);
      addProduct(f, tape.peepholes[1], cPrev);
    }
    for (int u = 0; u < n; u++) {
      i[u] = sigmoid(i[u]);
    }
    for (int u = 0; u < n; u++) {
      f[u] = sigmoid(f[u]);
    }
    for (int u = 0; u < n; u++) {
      g[u] = tanh(g[u]);
    }
    for (int u = 0; u < n; u++) {
      cNext[u] = f[u] * cPrev[u] + i[u] * g[u];
    }
    if (weights.peepholes) {
      addProduct(o, tape.peepholes[2], cNext);
    }
    for (int u = 0; u < n; u++) {
      o[u] = sigmoid(o[u]);
    }
    for (int u = 0; u < n; u++) {
      tanhC[u] = tanh(cNext[u]);
    }
    for (int u = 0; u < n; u++) {
      h[u] = o[u] * tanhC[u];
    }
  }

  /** {@code a[u] += p[u] * c[u]}. */
  private static void addProduct(float[] a, float[] p, float[] c) {
    for (int u = 0; u < a.length; u++) {
      a[u] += p[u] * c[u];
    }
  }

  @Override
  public void backward(FloatLayerTape tape, FloatLayer weights, int t) {
    float[] i = tape.pre[0][t];
    float[] f = tape.pre[1][t];
    float[] g = tape.pre[2][t];
    float[] o = tape.pre[3][t];
    float[] dI = tape.dPre[0][t];
    float[] dF = tape.dPre[1][t];
    float[] dG = tape.dPre[2][t];
    float[] dO = tape.dPre[3][t];
    float[] cPrev = tape.c[t];
    float[] tanhC = tape.aux[t];
    float[] dh = tape.dh;
    float[] dc = tape.dc;
    int n = dh.length;
    // dc becomes dLoss/dc_t through both paths (dc' in LstmCell), then dLoss/dc_{t-1}.
    for (int u = 0; u < n; u++) {
      float tc = tanhC[u];
      float ou = o[u];
      float dhu = dh[u];
      dO[u] = dhu * tc * ou * (1f - ou);
      dc[u] += dhu * ou * (1f - tc * tc);
    }
    for (int u = 0; u < n; u++) {
      float iu = i[u];
      float gu = g[u];
      dI[u] = dc[u] * gu * iu * (1f - iu);
      dG[u] = dc[u] * iu * (1f - gu * gu);
    }
    for (int u = 0; u < n; u++) {
      float fu = f[u];
      dF[u] = dc[u] * cPrev[u] * fu * (1f - fu);
      dc[u] *= fu;
    }
    if (weights.peepholes) {
      peepholeTerms(i, f, g, dI, dF, dG, dO, cPrev, tape.c[t + 1], dc, tape.peepholes,
          tape.peepholeGradients);
    }
    Arrays.fill(dh, 0f);
  }

  /**
   * The peephole part of {@link #backward}, after the plain part has written da_i, da_f, da_o and
   * {@code dc = dc' f}: o's peephole adds {@code da_o p_o} to dc' (so to da_i, da_f, da_g and dc
   * through it), then {@code dc += da_i p_i + da_f p_f} and the peephole gradients (p_* and their
   * gradients per sequence, {@link FloatLayerTape#peepholes}).
   */
  private static void peepholeTerms(float[] i, float[] f, float[] g, float[] dI, float[] dF, float[] dG,
      float[] dO, float[] cPrev, float[] cNext, float[] dc, float[][] peepholes, float[][] gradients) {
    float[] pI = peepholes[0];
    float[] pF = peepholes[1];
    float[] pO = peepholes[2];
    float[] gpI = gradients[0];
    float[] gpF = gradients[1];
    float[] gpO = gradients[2];
    for (int u = 0; u < dc.length; u++) {
      float iu = i[u];
      float fu = f[u];
      float gu = g[u];
      float daO = dO[u];
      float extra = daO * pO[u];
      float daI = dI[u] + extra * gu * iu * (1f - iu);
      float daF = dF[u] + extra * cPrev[u] * fu * (1f - fu);
      dI[u] = daI;
      dF[u] = daF;
      dG[u] += extra * iu * (1f - gu * gu);
      dc[u] += extra * fu + daI * pI[u] + daF * pF[u];
      gpI[u] += daI * cPrev[u];
      gpF[u] += daF * cPrev[u];
      gpO[u] += daO * cNext[u];
    }
  }
}
