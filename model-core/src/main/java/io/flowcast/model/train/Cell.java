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
   * Backward through {@link #forward}. Writes (overwrites) {@code dPreIh}, {@code dPreHh} ({@code
   * [B][G*H]}), the direct part of {@code dh} (not through {@code W_hh}; the layer adds that) and
   * {@code dc}; accumulates peephole gradients into {@code grads}.
   *
   * @param dhNext gradient w.r.t. the new h
   * @param dcNext gradient w.r.t. the new c (ignored without a cell state)
   */
  void backward(
      LayerWeights weights,
      LayerWeights grads,
      CellStep step,
      double[] dhNext,
      double[] dcNext,
      double[] dPreIh,
      double[] dPreHh,
      double[] dh,
      double[] dc);

  static Cell of(CellType type) {
    return switch (type) {
      case RNN -> new RnnCell();
      case LSTM -> new LstmCell(false);
      case LSTM_PEEPHOLE -> new LstmCell(true);
      case GRU -> new GruCell();
    };
  }

  static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
