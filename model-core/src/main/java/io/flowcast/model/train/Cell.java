package io.flowcast.model.train;

import io.flowcast.model.CellType;

/**
 * The nonlinear part of one recurrent cell kind. The layer computes the affine pre-activations
 * {@code preIh = W_ih x + b_ih} and {@code preHh = W_hh h + b_hh} (both {@code [B][G*H]}, gate blocks
 * in PyTorch order); the cell turns them into the next state and, backwards, turns the gradient of
 * the next state into gradients of those pre-activations.
 */
interface Cell {

  /** Next state from the pre-activations and the previous state ({@code c} null without one). */
  CellStep forward(LayerWeights weights, int batch, double[] preIh, double[] preHh, double[] h, double[] c);

  /**
   * Backward through {@link #forward}: from {@code buffers}' incoming gradients, writes its
   * pre-activation and previous-state gradients (see {@link CellGradients}); accumulates peephole
   * gradients into {@code grads}.
   */
  void backward(LayerWeights weights, LayerWeights grads, CellStep step, CellGradients buffers);

  static Cell of(CellType type) {
    return switch (type) {
      case RNN -> new RnnCell(false);
      case RNN_RELU -> new RnnCell(true);
      case LSTM -> new LstmCell(false);
      case LSTM_PEEPHOLE -> new LstmCell(true);
      case GRU -> new GruCell();
    };
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
