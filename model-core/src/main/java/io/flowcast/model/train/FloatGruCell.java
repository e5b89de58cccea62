package io.flowcast.model.train;

import static io.flowcast.model.step.FastActivations.sigmoid;
import static io.flowcast.model.step.FastActivations.tanh;

/**
 * The GRU of {@link GruCell} (its javadoc holds the forward and backward equations), gate blocks r,
 * z, n, reset applied to {@code W_hn h + b_hn}, in float with the step engine's {@link
 * io.flowcast.model.step.FastActivations}. The input pre-activations come in {@code pre}, the
 * hidden ones ({@code W_hh h + b_hh}) in {@code hh}; {@code aux} keeps {@code W_hn h + b_hn}. The
 * loops are arranged so that none stores to an array at one offset and loads from it at another
 * (see {@link FloatLstmCell}): the new h goes through the r block of {@code hh} before it is
 * copied to its slot.
 */
final class FloatGruCell implements FloatCell {

  @Override
  public boolean sumsPreActivations() {
    return false;
  }

  @Override
  public void forward(FloatLayerTape tape, FloatLayer weights, int t) {
    int batch = tape.batch;
    int hidden = tape.hidden;
    int columns = tape.columns;
    float[] a = tape.pre;
    float[] v = tape.hh;
    float[] h = tape.h;
    float[] vN = tape.aux;
    for (int b = 0; b < batch; b++) {
      int gr = (t * batch + b) * columns;
      int gz = gr + hidden;
      int gn = gz + hidden;
      int vr = b * columns;
      int vz = vr + hidden;
      int vn = vz + hidden;
      int row = t * batch * hidden + b * hidden;
      for (int j = 0; j < hidden; j++) {
        a[gr + j] = sigmoid(a[gr + j] + v[vr + j]);
      }
      for (int j = 0; j < hidden; j++) {
        a[gz + j] = sigmoid(a[gz + j] + v[vz + j]);
      }
      System.arraycopy(v, vn, vN, row, hidden);
      for (int j = 0; j < hidden; j++) {
        v[vn + j] = a[gr + j] * v[vn + j];
      }
      for (int j = 0; j < hidden; j++) {
        a[gn + j] = tanh(a[gn + j] + v[vn + j]);
      }
      for (int j = 0; j < hidden; j++) {
        float z = a[gz + j];
        v[vr + j] = (1f - z) * a[gn + j] + z * h[row + j];
      }
      System.arraycopy(v, vr, h, row + batch * hidden, hidden);
    }
  }

  @Override
  public void backward(FloatLayerTape tape, FloatLayer weights, int t) {
    int batch = tape.batch;
    int hidden = tape.hidden;
    int columns = tape.columns;
    float[] a = tape.pre;
    float[] h = tape.h;
    float[] vN = tape.aux;
    float[] dh = tape.dh;
    float[] du = tape.dPre;
    float[] dv = tape.dPreHh;
    for (int b = 0; b < batch; b++) {
      int gr = (t * batch + b) * columns;
      int gz = gr + hidden;
      int gn = gz + hidden;
      int s = b * hidden;
      int row = t * batch * hidden + s;
      for (int j = 0; j < hidden; j++) {
        float r = a[gr + j];
        float z = a[gz + j];
        float n = a[gn + j];
        float d = dh[s + j];
        float daN = d * (1f - z) * (1f - n * n);
        float daZ = d * (h[row + j] - n) * z * (1f - z);
        float daR = daN * vN[row + j] * r * (1f - r);
        du[gr + j] = daR;
        du[gz + j] = daZ;
        du[gn + j] = daN;
        dv[gr + j] = daR;
        dv[gz + j] = daZ;
        dv[gn + j] = daN * r;
        dh[s + j] = d * z;
      }
    }
  }
}
