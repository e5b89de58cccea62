package io.flowcast.model.step;

/**
 * The matrix part of a step: for a batch of rows {@code xh[b] = [1, x_b, h_b]} computes {@code
 * gates[b] = xh[b] · W_layer} (see {@link PackedLayer}). Implementations own any scratch memory
 * they need and are not thread-safe.
 */
interface GateMatmul {

  /**
   * @param batch number of rows
   * @param layer which layer's packed weights to use
   * @param xh [batch, K] row-major, K = layer's rows
   * @param gates [batch, N] row-major output, N = layer's columns
   */
  void multiply(int batch, int layer, float[] xh, float[] gates);
}
