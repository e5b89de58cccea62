package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Both engines against a double-precision triple loop, on shapes that hit every block and tail. */
class FloatGemmTest {

  static Stream<FloatGemm> engines() {
    return Stream.of(new VectorFloatGemm(), new JavaFloatGemm());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void multiplyAccumulatesTheProductAtOffsets(FloatGemm gemm) {
    Random random = new Random(5);
    for (int[] shape : new int[][] {{1, 1, 1}, {3, 5, 7}, {4, 3, 16}, {9, 64, 40}, {32, 68, 256}, {13, 2, 33}}) {
      int m = shape[0];
      int k = shape[1];
      int n = shape[2];
      float[] a = random(3 + m * k, random);
      float[] b = random(2 + k * n, random);
      float[] c = random(1 + m * n, random);
      double[] expected = new double[m * n];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = c[1 + i * n + j];
          for (int p = 0; p < k; p++) {
            sum += (double) a[3 + i * k + p] * b[2 + p * n + j];
          }
          expected[i * n + j] = sum;
        }
      }
      gemm.multiply(m, k, n, a, 3, b, 2, n, c, 1, n);
      assertClose(c, 1, expected, k);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void transposedProductSumsOverRows(FloatGemm gemm) {
    Random random = new Random(6);
    for (int[] shape : new int[][] {{1, 1, 1}, {7, 5, 9}, {2048, 3, 256}, {50, 64, 24}, {5, 4, 17}}) {
      int m = shape[0];
      int k = shape[1];
      int n = shape[2];
      float[] a = random(m * k + 4, random);
      float[] b = random(m * n, random);
      float[] c = random(k * n, random);
      double[] expected = new double[k * n];
      for (int p = 0; p < k; p++) {
        for (int j = 0; j < n; j++) {
          double sum = c[p * n + j];
          for (int r = 0; r < m; r++) {
            sum += (double) a[4 + r * k + p] * b[r * n + j];
          }
          expected[p * n + j] = sum;
        }
      }
      gemm.multiplyTransposedA(m, k, n, a, 4, b, 0, n, c, 0, n);
      assertClose(c, 0, expected, m);
    }
  }

  @ParameterizedTest
  @MethodSource("engines")
  void transposedBProductIsRowDots(FloatGemm gemm) {
    Random random = new Random(7);
    for (int[] shape : new int[][] {{1, 1, 1}, {6, 64, 3}, {5, 13, 4}, {3, 40, 2}}) {
      int m = shape[0];
      int k = shape[1];
      int n = shape[2];
      float[] a = random(2 + m * k, random);
      float[] b = random(n * k, random);
      float[] c = random(1 + m * n, random);
      double[] expected = new double[m * n];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double sum = c[1 + i * n + j];
          for (int p = 0; p < k; p++) {
            sum += (double) a[2 + i * k + p] * b[j * k + p];
          }
          expected[i * n + j] = sum;
        }
      }
      gemm.multiplyTransposedB(m, k, n, a, 2, b, 0, c, 1);
      assertClose(c, 1, expected, k);
    }
  }

  private static void assertClose(float[] actual, int offset, double[] expected, int terms) {
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[offset + i])
          .as("element %d", i)
          .isCloseTo(expected[i], offset(1e-6 * (terms + 1)));
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
