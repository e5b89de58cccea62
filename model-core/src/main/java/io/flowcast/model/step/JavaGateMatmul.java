package io.flowcast.model.step;

import java.util.Arrays;

/**
 * Plain-Java matmul, one key at a time with the same summation order for every key: a key's result
 * never depends on which other keys share its batch, and there is no per-call fixed cost (unlike a
 * JNI BLAS call, about 50 us through ND4J). Four inputs are folded into each pass over a gate
 * block, so each accumulator is loaded and stored once per four multiply-adds; the loops run over
 * whole arrays from index 0, which the JIT vectorises (a loop over one array at a key's offset it
 * does not), and the finished row is copied to the key's slot.
 *
 * <p>The matmul of the {@link StepEngines#JAVA} engine when the JVM runs without {@code
 * jdk.incubator.vector} (else {@link VectorGateMatmul}, faster, with the same guarantee but other
 * last bits).
 */
final class JavaGateMatmul implements TileMatmul {
  private static final int UNROLL = 4;
  private final PackedLayer layer;
  private final float[] acc;

  JavaGateMatmul(PackedLayer layer) {
    this.layer = layer;
    this.acc = new float[layer.hiddenSize];
  }

  @Override
  public void gates(int first, int keys, float[] xh, float[][] blocks) {
    for (int slot = 0; slot < keys; slot++) {
      gates(first + slot, xh, blocks, slot);
    }
  }

  /** Key {@code key}'s pre-activations, written to slot {@code slot} of the tile blocks. */
  private void gates(int key, float[] xh, float[][] blocks, int slot) {
    PackedLayer packed = layer;
    int rows = packed.rows;
    int hidden = packed.hiddenSize;
    int in = key * rows;
    float[] acc = this.acc;
    for (int q = 0; q < packed.blocks; q++) {
      float[][] weights = packed.blockRows[q];
      Arrays.fill(acc, 0, hidden, 0f);
      int j = 0;
      for (; j + UNROLL <= rows; j += UNROLL) {
        float a0 = xh[in + j];
        float a1 = xh[in + j + 1];
        float a2 = xh[in + j + 2];
        float a3 = xh[in + j + 3];
        float[] w0 = weights[j];
        float[] w1 = weights[j + 1];
        float[] w2 = weights[j + 2];
        float[] w3 = weights[j + 3];
        for (int u = 0; u < hidden; u++) {
          acc[u] += a0 * w0[u] + a1 * w1[u] + a2 * w2[u] + a3 * w3[u];
        }
      }
      for (; j < rows; j++) {
        float a = xh[in + j];
        float[] w = weights[j];
        for (int u = 0; u < hidden; u++) {
          acc[u] += a * w[u];
        }
      }
      System.arraycopy(acc, 0, blocks[q], slot * hidden, hidden);
    }
  }
}
