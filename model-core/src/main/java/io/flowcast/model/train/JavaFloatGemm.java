package io.flowcast.model.train;

/**
 * {@link FloatGemm} in plain Java, for JVMs without {@code jdk.incubator.vector}: for each output
 * row and each inner index, one multiply-add pass over the row, which the JIT vectorises.
 */
final class JavaFloatGemm implements FloatGemm {

  @Override
  public void gemm(int rows, int inner, int cols, float[] a, int aOffset, int aRowStride,
      int aInnerStride, float[] b, int bOffset, int bRowStride, float[] c, int cOffset, int cRowStride) {
    for (int i = 0; i < rows; i++) {
      int out = cOffset + i * cRowStride;
      for (int p = 0; p < inner; p++) {
        float x = a[aOffset + i * aRowStride + p * aInnerStride];
        int in = bOffset + p * bRowStride;
        for (int j = 0; j < cols; j++) {
          c[out + j] += x * b[in + j];
        }
      }
    }
  }
}
