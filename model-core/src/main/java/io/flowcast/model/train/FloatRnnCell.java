package io.flowcast.model.train;

/**
 * The Elman RNN of {@link RnnCell} with a chosen {@link Activation}, in float: {@code h' =
 * f(pre)}, backward {@code dPre = dh' * f'(h')}. With one gate block (N = H) row t of {@code pre}
 * and the new h are both B*H contiguous values.
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
    int n = tape.batch * tape.hidden;
    float[] pre = tape.pre;
    float[] h = tape.h;
    int at = t * n;
    int out = at + n;
    for (int u = 0; u < n; u++) {
      h[out + u] = activation.apply(pre[at + u]);
    }
  }

  @Override
  public void backward(FloatLayerTape tape, FloatLayer weights, int t) {
    int n = tape.batch * tape.hidden;
    float[] h = tape.h;
    float[] dh = tape.dh;
    float[] dPre = tape.dPre;
    int at = t * n;
    int out = at + n;
    for (int u = 0; u < n; u++) {
      dPre[at + u] = dh[u] * activation.derivative(h[out + u]);
      dh[u] = 0f;
    }
  }
}
