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
   * Writes key {@code key}'s pre-activations into {@code blocks[q][slot*H .. (slot+1)*H)}, one
   * array per gate block q, slot being the key's place in the current tile.
   */
  void gates(int key, int layer, float[] xh, float[][] blocks, int slot);
}
