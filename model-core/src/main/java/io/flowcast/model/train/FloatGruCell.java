package io.flowcast.model.train;

import static io.flowcast.model.step.FastActivations.sigmoid;
import static io.flowcast.model.step.FastActivations.tanh;

/**
 * The GRU of {@link GruCell} (its javadoc holds the forward and backward equations), gate blocks r,
 * z, n, reset applied to {@code W_hn h + b_hn}, in float with the step engine's {@link
 * io.flowcast.model.step.FastActivations}. The input pre-activations come in {@code pre}, the
 * hidden ones ({@code W_hh h + b_hh}) in {@code hh}; {@code aux} keeps {@code W_hn h + b_hn}.
 * Backward, the r and z blocks of {@code dPreHh} are those of {@code dPre} (see {@link
 * FloatLayerTape}); only the n block differs ({@code da_n r}). Each loop indexes arrays that all
 * start at offset 0 and is small enough for C2 to vectorise (see {@link FloatLstmCell}).
 */
final class FloatGruCell implements FloatCell {

  @Override
  public boolean sumsPreActivations() {
    return false;
  }

  @Override
  public void forward(FloatLayerTape tape, FloatLayer weights, int t) {
    float[] r = tape.pre[0][t];
    float[] z = tape.pre[1][t];
    float[] nGate = tape.pre[2][t];
    float[] vR = tape.hh[0];
    float[] vZ = tape.hh[1];
    float[] vN = tape.hh[2];
    float[] hPrev = tape.h[t];
    float[] h = tape.h[t + 1];
    int n = h.length;
    for (int u = 0; u < n; u++) {
      r[u] = sigmoid(r[u] + vR[u]);
    }
    for (int u = 0; u < n; u++) {
      z[u] = sigmoid(z[u] + vZ[u]);
    }
    System.arraycopy(vN, 0, tape.aux[t], 0, n);
    for (int u = 0; u < n; u++) {
      nGate[u] = tanh(nGate[u] + r[u] * vN[u]);
    }
    for (int u = 0; u < n; u++) {
      float zu = z[u];
      h[u] = (1f - zu) * nGate[u] + zu * hPrev[u];
    }
  }

  @Override
  public void backward(FloatLayerTape tape, FloatLayer weights, int t) {
    float[] r = tape.pre[0][t];
    float[] z = tape.pre[1][t];
    float[] nGate = tape.pre[2][t];
    float[] hPrev = tape.h[t];
    float[] vN = tape.aux[t];
    float[] dR = tape.dPre[0][t];
    float[] dZ = tape.dPre[1][t];
    float[] dN = tape.dPre[2][t];
    float[] dHiddenN = tape.dPreHh[2][t];
    float[] dh = tape.dh;
    int n = dh.length;
    for (int u = 0; u < n; u++) {
      float zu = z[u];
      float nu = nGate[u];
      float d = dh[u];
      dN[u] = d * (1f - zu) * (1f - nu * nu);
      dZ[u] = d * (hPrev[u] - nu) * zu * (1f - zu);
      dh[u] = d * zu;
    }
    for (int u = 0; u < n; u++) {
      float ru = r[u];
      float daN = dN[u];
      dR[u] = daN * vN[u] * ru * (1f - ru);
      dHiddenN[u] = daN * ru;
    }
  }
}
