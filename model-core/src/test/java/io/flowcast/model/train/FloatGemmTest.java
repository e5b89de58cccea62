package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both engines against a double-precision triple loop of the general strided product, on shapes
 * and offsets that hit every block and tail (groups of six rows, pairs of vectors, pairs of rows,
 * single rows, four-vector and one-vector chains, scalar columns, inner blocks).
 */
class FloatGemmTest {
  private static final int[][] SHAPES = {
      {1, 1, 1}, {3, 5, 7}, {6, 3, 16}, {9, 64, 40}, {32, 64, 64}, {13, 2, 33}, {64, 300, 24}, {5, 7, 100}};

  static Stream<FloatGemm> engines() {
    return Stream.of(new VectorFloatGemm(), new JavaFloatGemm());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void multiplyAccumulatesAStridedBlock(FloatGemm gemm) {
    Random random = new Random(5);
    for (int[] s : SHAPES) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      Operands o = new Operands(3 + m * k, 2 + k * (n + 5), 1 + m * (n + 3), random);
      double[] expected = o.reference(m, k, n, 3, k, 1, 2, n + 5, 1, n + 3);
      gemm.multiply(m, k, n, o.a, 3, o.b, 2, n + 5, o.c, 1, n + 3);
      assertClose(o.c, expected, k);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void transposedAProductSumsOverRows(FloatGemm gemm) {
    Random random = new Random(6);
    for (int[] s : SHAPES) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      Operands o = new Operands(4 + m * k, m * n, k * (n + 2), random);
      double[] expected = o.reference(k, m, n, 4, 1, k, 0, n, 0, n + 2);
      gemm.multiplyTransposedA(m, k, n, o.a, 4, o.b, 0, n, o.c, 0, n + 2);
      assertClose(o.c, expected, m);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void transposedBProductIsRowDots(FloatGemm gemm) {
    Random random = new Random(7);
    for (int[] s : SHAPES) {
      int m = s[0];
      int k = s[1];
      int n = s[2];
      Operands o = new Operands(2 + m * k, n * k, 1 + m * n, random);
      // B^T as a strided B: B(p, j) = b[j * k + p]
      double[] expected = o.cAsDouble();
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          for (int p = 0; p < k; p++) {
            expected[1 + i * n + j] += (double) o.a[2 + i * k + p] * o.b[j * k + p];
          }
        }
      }
      gemm.multiplyTransposedB(m, k, n, o.a, 2, o.b, 0, o.c, 1);
      assertClose(o.c, expected, k);
    }
  }

  /** Random operands and the double-precision reference of {@link FloatGemm#gemm}. */
  private static final class Operands {
    final float[] a;
    final float[] b;
    final float[] c;

    Operands(int aSize, int bSize, int cSize, Random random) {
      a = random(aSize, random);
      b = random(bSize, random);
      c = random(cSize, random);
    }

    double[] cAsDouble() {
      double[] values = new double[c.length];
      for (int i = 0; i < c.length; i++) {
        values[i] = c[i];
      }
      return values;
    }

    /** The whole of c after the product, in double (entries outside the block unchanged). */
    double[] reference(int rows, int inner, int cols, int aOffset, int aRowStride, int aInnerStride,
        int bOffset, int bRowStride, int cOffset, int cRowStride) {
      double[] expected = cAsDouble();
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          for (int p = 0; p < inner; p++) {
            expected[cOffset + i * cRowStride + j] += (double) a[aOffset + i * aRowStride + p * aInnerStride]
                * b[bOffset + p * bRowStride + j];
          }
        }
      }
      return expected;
    }
  }

  private static void assertClose(float[] actual, double[] expected, int terms) {
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], offset(1e-6 * (terms + 1)));
    }
  }

  private static float[] random(int size, Random random) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = 2 * random.nextFloat() - 1;
    }
    return values;
  }
}
