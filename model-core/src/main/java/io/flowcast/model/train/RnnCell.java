package io.flowcast.model.train;

/**
 * Elman RNN with tanh, {@code h' = tanh(a)}, or with ReLU, {@code h' = max(0, a)}, where {@code a =
 * W_ih x + b_ih + W_hh h + b_hh}. Backward: {@code da = dh' * (1 - h'^2)} (tanh) or {@code da = dh'
 * * [h' > 0]} (ReLU; the subgradient at 0 is 0, as PyTorch's) is the gradient of both
 * pre-activations.
 */
final class RnnCell implements Cell {
  private final boolean relu;

  RnnCell(boolean relu) {
    this.relu = relu;
  }

  @Override
  public CellStep forward(
      LayerWeights weights, int batch, double[] preIh, double[] preHh, double[] h, double[] c) {
    double[] next = new double[preIh.length];
    for (int i = 0; i < next.length; i++) {
      double a = preIh[i] + preHh[i];
      next[i] = relu ? Math.max(0, a) : Math.tanh(a);
    }
    return new CellStep(h, null, next, null, next, null);
  }

  @Override
  public void backward(LayerWeights weights, LayerWeights grads, CellStep step, CellGradients buffers) {
    double[] dhNext = buffers.dhNext();
    double[] dPreIh = buffers.dPreIh();
    double[] dPreHh = buffers.dPreHh();
    double[] dh = buffers.dh();
    double[] next = step.h();
    for (int i = 0; i < next.length; i++) {
      double slope = relu ? (next[i] > 0 ? 1 : 0) : 1 - next[i] * next[i];
      double da = dhNext[i] * slope;
      dPreIh[i] = da;
      dPreHh[i] = da;
      dh[i] = 0;
    }
  }
}
