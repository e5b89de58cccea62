package io.flowcast.model.step;

/**
 * Where a tile's keys keep one layer's h and c in the state buffer, and the copies between that
 * buffer and the kernels' dense scratch rows (key t's H units at {@code t*H}).
 */
final class TileStates {
  private final StateLayout layout;
  private int firstKey;
  private int hiddenOffset;
  private int cellOffset;

  TileStates(StateLayout layout) {
    this.layout = layout;
  }

  /** Points at keys {@code firstKey..} of layer {@code layer}. */
  void select(int firstKey, int layer) {
    this.firstKey = firstKey;
    this.hiddenOffset = layout.hiddenOffset(layer);
    this.cellOffset = layout.hasCellState() ? layout.cellOffset(layer) : -1;
  }

  void gatherHidden(int keys, float[] states, float[] rows) {
    copy(keys, states, hiddenOffset, rows, true);
  }

  void scatterHidden(int keys, float[] rows, float[] states) {
    copy(keys, states, hiddenOffset, rows, false);
  }

  void gatherCell(int keys, float[] states, float[] rows) {
    copy(keys, states, cellOffset, rows, true);
  }

  void scatterCell(int keys, float[] rows, float[] states) {
    copy(keys, states, cellOffset, rows, false);
  }

  private void copy(int keys, float[] states, int offset, float[] rows, boolean gather) {
    int hidden = layout.hiddenSize();
    int stride = layout.size();
    for (int t = 0; t < keys; t++) {
      int at = (firstKey + t) * stride + offset;
      if (gather) {
        System.arraycopy(states, at, rows, t * hidden, hidden);
      } else {
        System.arraycopy(rows, t * hidden, states, at, hidden);
      }
    }
  }
}
