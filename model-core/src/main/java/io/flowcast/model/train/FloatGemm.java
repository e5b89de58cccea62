package io.flowcast.model.train;

import io.flowcast.model.step.VectorApi;

/**
 * The matrix products of the float32 trainer ({@link FloatNetwork}) on row-major {@code float[]}
 * matrices given by an offset and a row stride, so that a product can read or write one gate
 * block of a wider matrix. Every product accumulates into {@code c}; callers zero it or fill it
 * with a bias first. Two engines: {@link VectorFloatGemm} (Vector API, register-blocked fused
 * multiply-adds) when the JVM runs with {@code --add-modules jdk.incubator.vector}, else {@link
 * JavaFloatGemm} (plain loops the JIT vectorises), the choice the step engine makes too
 * ({@link VectorApi}). Stateless and thread-safe.
 */
interface FloatGemm {

  /**
   * The general kernel: {@code C(i, j) += sum_p A(i, p) * B(p, j)} for i &lt; rows, p &lt; inner, j
   * &lt; cols, with {@code A(i, p) = a[aOffset + i * aRowStride + p * aInnerStride]}, {@code B(p, j)
   * = b[bOffset + p * bRowStride + j]} and {@code C(i, j) = c[cOffset + i * cRowStride + j]}.
   */
  void gemm(int rows, int inner, int cols, float[] a, int aOffset, int aRowStride, int aInnerStride,
      float[] b, int bOffset, int bRowStride, float[] c, int cOffset, int cRowStride);

  /** {@code C[m][n] += A[m][k] B[k][n]}, A contiguous, B and C with row strides. */
  default void multiply(int m, int k, int n, float[] a, int aOffset, float[] b, int bOffset, int bRowStride,
      float[] c, int cOffset, int cRowStride) {
    gemm(m, k, n, a, aOffset, k, 1, b, bOffset, bRowStride, c, cOffset, cRowStride);
  }

  /** {@code C[k][n] += A^T B} for a contiguous {@code A[m][k]} and {@code B[m][n]}: a sum over m rows. */
  default void multiplyTransposedA(int m, int k, int n, float[] a, int aOffset, float[] b, int bOffset,
      int bRowStride, float[] c, int cOffset, int cRowStride) {
    gemm(k, m, n, a, aOffset, 1, k, b, bOffset, bRowStride, c, cOffset, cRowStride);
  }

  /**
   * {@code C[m][n] += A[m][k] B[n][k]^T}, all contiguous: dot products along rows, for products
   * with few output columns (the head's {@code [M][H] x [O][H]^T}), where {@link #gemm} would run
   * one scalar chain per output.
   */
  void multiplyTransposedB(int m, int k, int n, float[] a, int aOffset, float[] b, int bOffset, float[] c,
      int cOffset);

  /** The Vector API engine when the module is present, else plain Java. */
  static FloatGemm create() {
    return VectorApi.AVAILABLE ? new VectorFloatGemm() : new JavaFloatGemm();
  }
}
