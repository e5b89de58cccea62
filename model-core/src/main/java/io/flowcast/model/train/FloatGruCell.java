package io.flowcast.model.train;

import static io.flowcast.model.step.FastActivations.sigmoid;
import static io.flowcast.model.step.FastActivations.tanh;

/**
 * The GRU of {@link GruCell} (its javadoc holds the forward and backward equations), gate blocks r,
 * z, n, reset applied to {@code W_hn h + b_hn}, in float with the step engine's {@link
 * io.flowcast.model.step.FastActivations}. The input pre-activations come in {@code pre}, the
 * hidden ones ({@code W_hh h + b_hh}) in {@code hh}; {@code aux} keeps {@code W_hn h + b_hn}. Each
 * loop runs over the whole step and none stores to an array at one offset while loading from it
 * at another (see {@link FloatLstmCell}): the new h goes through the r block of {@code hh} before
 * it is copied to its slot.
 */
final class FloatGruCell implements FloatCell {

  @Override
  public boolean sumsPreActivations() {
    return false;
  }

  @Override
  public void forward(FloatLayerTape tape, FloatLayer weights, int t) {
    int n = tape.batch * tape.hidden;
    float[] a = tape.pre;
    float[] v = tape.hh;
    float[] h = tape.h;
    int gr = tape.gate(0, t);
    int gz = tape.gate(1, t);
    int gn = tape.gate(2, t);
    int row = t * n;
    for (int u = 0; u < n; u++) {
      a[gr + u] = sigmoid(a[gr + u] + v[u]);
    }
    for (int u = 0; u < n; u++) {
      a[gz + u] = sigmoid(a[gz + u] + v[n + u]);
    }
    System.arraycopy(v, 2 * n, tape.aux, row, n);
    for (int u = 0; u < n; u++) {
      v[2 * n + u] *= a[gr + u];
    }
    for (int u = 0; u < n; u++) {
      a[gn + u] = tanh(a[gn + u] + v[2 * n + u]);
    }
    for (int u = 0; u < n; u++) {
      float z = a[gz + u];
      v[u] = (1f - z) * a[gn + u] + z * h[row + u];
    }
    System.arraycopy(v, 0, h, row + n, n);
  }

  @Override
  public void backward(FloatLayerTape tape, FloatLayer weights, int t) {
    int n = tape.batch * tape.hidden;
    float[] a = tape.pre;
    float[] h = tape.h;
    float[] vN = tape.aux;
    float[] dh = tape.dh;
    float[] du = tape.dPre;
    float[] dv = tape.dPreHh;
    int gr = tape.gate(0, t);
    int gz = tape.gate(1, t);
    int gn = tape.gate(2, t);
    int row = t * n;
    for (int u = 0; u < n; u++) {
      float r = a[gr + u];
      float z = a[gz + u];
      float nu = a[gn + u];
      float d = dh[u];
      float daN = d * (1f - z) * (1f - nu * nu);
      float daZ = d * (h[row + u] - nu) * z * (1f - z);
      float daR = daN * vN[row + u] * r * (1f - r);
      du[gr + u] = daR;
      du[gz + u] = daZ;
      du[gn + u] = daN;
      dv[gr + u] = daR;
      dv[gz + u] = daZ;
      dv[gn + u] = daN * r;
      dh[u] = d * z;
    }
  }
}
