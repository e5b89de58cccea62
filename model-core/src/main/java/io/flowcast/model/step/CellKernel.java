package io.flowcast.model.step;

import io.flowcast.model.CellType;

/**
 * The elementwise part of one cell step for one key: turns the key's gate pre-activations (bias
 * included, one array per gate block) into its new h (and c), written into the caller's state
 * buffer. Kernels own scratch rows, so the unit loops read and write distinct arrays from index 0,
 * which the JIT vectorises: one instance per stepper.
 */
interface CellKernel {

  /**
   * @param blocks gate pre-activations, {@code blocks[q][0..H)} for gate block q
   * @param states the state buffer (see {@link StateLayout})
   * @param hidden index of this key's h for this layer in {@code states}
   * @param cell index of this key's c for this layer, or -1 for cells without one
   * @param weights the layer's packed weights (peepholes)
   */
  void apply(float[][] blocks, float[] states, int hidden, int cell, PackedLayer weights);

  static CellKernel of(CellType cell, int hidden) {
    return switch (cell) {
      case RNN -> new RnnKernel(hidden);
      case LSTM, LSTM_PEEPHOLE -> new LstmKernel(hidden);
      case GRU -> new GruKernel(hidden);
    };
  }
}
