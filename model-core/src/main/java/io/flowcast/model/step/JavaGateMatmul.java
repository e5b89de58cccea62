package io.flowcast.model.step;

import java.util.List;

/**
 * Plain-Java matmul, one key row at a time with the same summation order for every row: a key's
 * result never depends on which other keys share its batch, and there is no per-call fixed cost
 * (unlike a JNI BLAS call, about 50 us in ND4J). The inner loop is a contiguous multiply-add over
 * the gate columns that the JIT vectorises.
 */
final class JavaGateMatmul implements GateMatmul {
  private final List<PackedLayer> layers;

  JavaGateMatmul(List<PackedLayer> layers) {
    this.layers = layers;
  }

  @Override
  public void multiply(int batch, int layer, float[] xh, float[] gates) {
    PackedLayer packed = layers.get(layer);
    int rows = packed.rows;
    int columns = packed.columns;
    float[] weights = packed.weights;
    for (int b = 0; b < batch; b++) {
      int out = b * columns;
      int in = b * rows;
      java.util.Arrays.fill(gates, out, out + columns, 0f);
      for (int j = 0; j < rows; j++) {
        float a = xh[in + j];
        int w = j * columns;
        for (int n = 0; n < columns; n++) {
          gates[out + n] += a * weights[w + n];
        }
      }
    }
  }
}
