package io.flowcast.model.step;

import io.flowcast.model.CellType;

/**
 * What a {@link StepEngine} needs to build one layer's {@link LayerStep}.
 *
 * @param cell the network's cell (the equations are in the cell kernels, e.g. {@code LstmKernel})
 * @param layer the layer's index, 0 at the bottom
 * @param weights the layer's packed weights [K, N] (see {@link PackedLayer})
 * @param layout where each key's h and c live in the state buffer
 * @param maxBatch the most keys one step is called with
 */
public record LayerContext(CellType cell, int layer, PackedLayer weights, StateLayout layout, int maxBatch) {

  /** Offset of this layer's h inside a key's state block. */
  public int hiddenOffset() {
    return layout.hiddenOffset(layer);
  }

  /** Offset of this layer's c inside a key's state block (LSTM kinds only). */
  public int cellOffset() {
    return layout.cellOffset(layer);
  }
}
