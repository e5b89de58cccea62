package io.flowcast.model.train;

import java.util.Arrays;

/**
 * The Elman RNN of {@link RnnCell} with a chosen {@link Activation}, in float: {@code h' =
 * f(pre)}, backward {@code dPre = dh' * f'(h')}. With one gate block (N = H) step t's {@code pre},
 * its new h and their gradients are each one array of B*H values.
 */
final class FloatRnnCell implements FloatCell {
  private final Activation activation;

  FloatRnnCell(Activation activation) {
    this.activation = activation;
  }

  @Override
  public boolean sumsPreActivations() {
    return true;
  }

  @Override
  public void forward(FloatLayerTape tape, FloatLayer weights, int t) {
    float[] pre = tape.pre[0][t];
    float[] h = tape.h[t + 1];
    for (int u = 0; u < h.length; u++) {
      h[u] = activation.apply(pre[u]);
    }
  }

  @Override
  public void backward(FloatLayerTape tape, FloatLayer weights, int t) {
    float[] h = tape.h[t + 1];
    float[] dh = tape.dh;
    float[] dPre = tape.dPre[0][t];
    for (int u = 0; u < dh.length; u++) {
      dPre[u] = dh[u] * activation.derivative(h[u]);
    }
    Arrays.fill(dh, 0f);
  }
}
