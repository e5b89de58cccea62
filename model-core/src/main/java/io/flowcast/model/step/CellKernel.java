package io.flowcast.model.step;

import io.flowcast.model.CellType;

/**
 * The elementwise part of one cell step for a tile of up to {@link #TILE} keys: turns their gate
 * pre-activations (bias included, one array per gate block, key t's units at {@code t*H}) into
 * their new h (and c), written into the caller's state buffer. Kernels gather the tile's states
 * into scratch rows and run each activation as one loop over the whole tile: the JIT unrolls and
 * vectorises only small loop bodies over distinct arrays from index 0, and long loops amortise
 * its pre- and post-loops. One instance per stepper.
 */
interface CellKernel {

  /** Keys per tile. */
  int TILE = 16;

  /**
   * @param keys keys in this tile, 1..{@link #TILE}
   * @param blocks gate pre-activations, {@code blocks[q][t*H + u]} for gate block q, key t
   * @param states the state buffer (see {@link StateLayout})
   * @param tile where the tile's keys sit in {@code states}
   * @param weights the layer's packed weights (peepholes)
   */
  void apply(int keys, float[][] blocks, float[] states, TileStates tile, PackedLayer weights);

  static CellKernel of(CellType cell, int hidden) {
    return switch (cell) {
      case RNN -> new RnnKernel(hidden, false);
      case RNN_RELU -> new RnnKernel(hidden, true);
      case LSTM -> new LstmKernel(hidden, false);
      case LSTM_PEEPHOLE -> new LstmKernel(hidden, true);
      case GRU -> new GruKernel(hidden);
    };
  }
}
