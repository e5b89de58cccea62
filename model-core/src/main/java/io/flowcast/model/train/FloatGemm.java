package io.flowcast.model.train;

/**
 * The matrix products of the float32 trainer ({@link FloatNetwork}), on row-major {@code float[]}
 * matrices that start at an offset and are contiguous from there. Every product accumulates into
 * {@code c}; callers zero it or fill it with a bias first. Two engines: {@link VectorFloatGemm}
 * (Vector API, register-blocked fused multiply-adds) when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}, else {@link JavaFloatGemm} (plain loops the JIT vectorises), the same
 * choice the step engine makes ({@code MatmulBackend#JAVA}). Stateless and thread-safe.
 */
interface FloatGemm {

  /** Whether the JVM runs with {@code jdk.incubator.vector}. */
  boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  /**
   * The general kernel: {@code c[i][j] += sum_p A(i, p) * b[p][j]} for i &lt; rows, p &lt; inner, j
   * &lt; cols, where {@code A(i, p) = a[aOffset + i * aRowStride + p * aInnerStride]}, {@code b[p][j]
   * = b[bOffset + p * cols + j]} and {@code c[i][j] = c[cOffset + i * cols + j]}.
   */
  void gemm(int rows, int inner, int cols, float[] a, int aOffset, int aRowStride, int aInnerStride,
      float[] b, int bOffset, float[] c, int cOffset);

  /** {@code c[m][n] += a[m][k] b[k][n]}. */
  default void multiply(int m, int k, int n, float[] a, int aOffset, float[] b, int bOffset, float[] c,
      int cOffset) {
    gemm(m, k, n, a, aOffset, k, 1, b, bOffset, c, cOffset);
  }

  /** {@code c[k][n] += a^T b} for {@code a[m][k]}, {@code b[m][n]}: a sum over the m rows. */
  default void multiplyTransposedA(int m, int k, int n, float[] a, int aOffset, float[] b, int bOffset,
      float[] c, int cOffset) {
    gemm(k, m, n, a, aOffset, 1, k, b, bOffset, c, cOffset);
  }

  /** The Vector API engine when the module is present, else plain Java. */
  static FloatGemm create() {
    return VECTOR_API ? new VectorFloatGemm() : new JavaFloatGemm();
  }
}
