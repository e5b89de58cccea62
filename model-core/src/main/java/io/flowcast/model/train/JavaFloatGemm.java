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

  @Override
  public void multiplyTransposedB(int m, int k, int n, float[] a, int aOffset, float[] b, int bOffset,
      float[] c, int cOffset) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        float sum = 0f;
        for (int p = 0; p < k; p++) {
          sum += a[aOffset + i * k + p] * b[bOffset + j * k + p];
        }
        c[cOffset + i * n + j] += sum;
      }
    }
  }
}
