package io.flowcast.model.step;

import io.flowcast.model.ModelConfig;

/**
 * Where one key's recurrent state lives in a caller-owned flat {@code float[]}.
 *
 * <p>Each key owns {@link #size()} consecutive floats: first the hidden states of layers 0..L-1
 * (H floats each), then, for the LSTM kinds, the cell states of layers 0..L-1:
 *
 * <pre>
 *   key b:  [ h_0 | h_1 | ... | h_{L-1} | c_0 | c_1 | ... | c_{L-1} ]   at offset b * size()
 * </pre>
 *
 * A batch of B keys is B such blocks back to back. An all-zero block is the initial state.
 */
public record StateLayout(int hiddenSize, int numLayers, boolean hasCellState) {

  public static StateLayout of(ModelConfig config) {
    return new StateLayout(config.hiddenSize(), config.numLayers(), config.cell().hasCellState());
  }

  /** Floats per key. */
  public int size() {
    return hiddenSize * numLayers * (hasCellState ? 2 : 1);
  }

  /** Offset of layer {@code layer}'s h inside one key's block. */
  public int hiddenOffset(int layer) {
    return layer * hiddenSize;
  }

  /** Offset of layer {@code layer}'s c inside one key's block (LSTM kinds only). */
  public int cellOffset(int layer) {
    if (!hasCellState) {
      throw new IllegalStateException("this cell has no cell state");
    }
    return (numLayers + layer) * hiddenSize;
  }
}
