package io.flowcast.model.train;

/**
 * Elman RNN with tanh: {@code h' = tanh(W_ih x + b_ih + W_hh h + b_hh)}. Backward: {@code da = dh' *
 * (1 - h'^2)} is the gradient of both pre-activations.
 */
final class RnnCell implements Cell {

  @Override
  public CellStep forward(
      LayerWeights weights, int batch, double[] preIh, double[] preHh, double[] h, double[] c) {
    double[] next = new double[preIh.length];
    for (int i = 0; i < next.length; i++) {
      next[i] = Math.tanh(preIh[i] + preHh[i]);
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
      double da = dhNext[i] * (1 - next[i] * next[i]);
      dPreIh[i] = da;
      dPreHh[i] = da;
      dh[i] = 0;
    }
  }
}
