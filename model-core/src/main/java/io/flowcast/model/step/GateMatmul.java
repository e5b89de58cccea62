package io.flowcast.model.step;

/**
 * The matrix part of a step: for a batch of rows {@code xh[b] = [1, x_b, h_b]} computes each key's
 * gate pre-activations {@code xh[b] · W_layer} (see {@link PackedLayer}). Implementations own any
 * scratch memory they need and are not thread-safe.
 */
interface GateMatmul {

  /**
   * Called once per layer and step, before {@link #gates}: a batch engine runs its matmul here.
   *
   * @param xh [batch, K] row-major, K = the layer's rows
   */
  void multiply(int batch, int layer, float[] xh);

  /**
   * Writes the pre-activations of one tile, keys {@code first .. first+keys-1}, into {@code
   * blocks[q][t*H .. (t+1)*H)} for t = 0..keys-1, one array per gate block q.
   *
   * @param keys keys in the tile, 1..{@link CellKernel#TILE}
   */
  void gates(int first, int keys, int layer, float[] xh, float[][] blocks);

  /**
   * Whether {@link #stepLstm} can step layer {@code layer} of a plain LSTM in one pass, the cell
   * update fused into the matmul. The default engine cannot.
   */
  default boolean fusesLstm(int layer) {
    return false;
  }

  /**
   * Steps a plain-LSTM layer for which {@link #fusesLstm} holds: from the gathered rows {@code xh}
   * writes every key's new h and c into {@code states} (see {@link StateLayout}), bit for bit what
   * {@link #gates} followed by {@link LstmKernel} gives.
   */
  default void stepLstm(int batch, int layer, float[] xh, float[] states, StateLayout layout) {
    throw new UnsupportedOperationException("no fused LSTM step in " + getClass().getSimpleName());
  }
}
