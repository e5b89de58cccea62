package io.flowcast.model.step;

/**
 * The elementwise part of one cell step: turns a batch of gate pre-activations (bias included)
 * into new states, written in place into the caller's state buffer.
 */
interface CellKernel {

  /**
   * @param batch number of keys
   * @param gates [batch, layer.columns] pre-activations, row-major
   * @param states the keys' state blocks (see {@link StateLayout}), updated in place
   * @param layout state layout
   * @param layer index of the layer being stepped
   * @param weights the layer's packed weights (peepholes)
   */
  void apply(int batch, float[] gates, float[] states, StateLayout layout, int layer, PackedLayer weights);

  static CellKernel of(io.flowcast.model.CellType cell) {
    return switch (cell) {
      case RNN -> new RnnKernel();
      case LSTM, LSTM_PEEPHOLE -> new LstmKernel();
      case GRU -> new GruKernel();
    };
  }
}
