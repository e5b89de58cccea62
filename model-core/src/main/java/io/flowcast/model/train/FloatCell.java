package io.flowcast.model.train;

import io.flowcast.model.CellType;

/**
 * The elementwise part of one recurrent cell kind in the float32 trainer, the counterpart of
 * {@link Cell} (whose implementations hold the equations, forward and backward, in their javadoc)
 * on a {@link FloatLayerTape}: {@link FloatNetwork} runs the matrix products, the cell turns step
 * t's pre-activations into the gates and the next state and, backwards, the gradients of the next
 * state into those of the pre-activations and the previous state.
 */
interface FloatCell {

  /**
   * True when every gate sees {@code W_ih x + b_ih + W_hh h + b_hh} as one sum (RNN, LSTM): the
   * network then accumulates the hidden product straight into {@code pre}, and both
   * pre-activations share one gradient. False for the GRU, whose reset gate scales the hidden
   * part of n alone: the network writes {@code W_hh h + b_hh} into {@code hh}.
   */
  boolean sumsPreActivations();

  /**
   * Step t: step t's {@code pre} arrays (plus {@code hh} for the GRU) become the activated gates;
   * writes h at slot t+1 (c too for the LSTM kinds) and {@code aux} of step t.
   */
  void forward(FloatLayerTape tape, FloatLayer weights, int t);

  /**
   * Backward through step t: from {@code dh} (dLoss/dh_t, all paths) and {@code dc} (dLoss/dc_t),
   * writes step t's {@code dPre} (and {@code dPreHh}), replaces {@code dc} by dLoss/dc_{t-1} and
   * {@code dh} by the direct part of dLoss/dh_{t-1} (not through {@code W_hh}); accumulates the
   * peephole gradients into the tape's per-sequence {@code peepholeGradients}.
   */
  void backward(FloatLayerTape tape, FloatLayer weights, int t);

  static FloatCell of(CellType type) {
    return switch (type) {
      case RNN -> new FloatRnnCell(Activation.TANH);
      case RNN_RELU -> new FloatRnnCell(Activation.RELU);
      case LSTM, LSTM_PEEPHOLE -> new FloatLstmCell();
      case GRU -> new FloatGruCell();
    };
  }
}
