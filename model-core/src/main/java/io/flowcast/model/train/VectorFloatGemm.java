package io.flowcast.model.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatGemm} with the Vector API, register-blocked: four output rows by two vectors of
 * columns are held in eight accumulators while the loop runs over the inner index, so each vector
 * of {@code b} is loaded once for four rows and each {@code A} entry is broadcast once per two
 * vectors (eight accumulators, two loads and a broadcast fit the sixteen AVX2 registers). Columns
 * left over go four rows by one vector, then through a scalar {@link Math#fma} loop; rows left
 * over go one at a time. Loaded only when the module is in the boot layer (see {@link
 * FloatGemm#create}).
 */
final class VectorFloatGemm implements FloatGemm {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int ROWS = 4;

  @Override
  public void gemm(int rows, int inner, int cols, float[] a, int aOffset, int aRowStride,
      int aInnerStride, float[] b, int bOffset, float[] c, int cOffset) {
    int i = 0;
    for (; i + ROWS <= rows; i += ROWS) {
      int j = 0;
      for (; j + 2 * LANES <= cols; j += 2 * LANES) {
        fourByTwo(inner, cols, a, aOffset + i * aRowStride, aRowStride, aInnerStride, b, bOffset + j, c,
            cOffset + i * cols + j);
      }
      for (; j + LANES <= cols; j += LANES) {
        fourByOne(inner, cols, a, aOffset + i * aRowStride, aRowStride, aInnerStride, b, bOffset + j, c,
            cOffset + i * cols + j);
      }
      for (int r = i; r < i + ROWS; r++) {
        scalar(j, inner, cols, a, aOffset + r * aRowStride, aInnerStride, b, bOffset, c, cOffset + r * cols);
      }
    }
    for (; i < rows; i++) {
      oneRow(inner, cols, a, aOffset + i * aRowStride, aInnerStride, b, bOffset, c, cOffset + i * cols);
    }
  }

  /** Rows at {@code a0, a0 + rs, ...}, columns {@code j .. j + 2*LANES} (offsets already applied). */
  private static void fourByTwo(int inner, int cols, float[] a, int a0, int rs, int is, float[] b, int b0,
      float[] c, int c0) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, c, c0);
    FloatVector y0 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
    FloatVector x1 = FloatVector.fromArray(SPECIES, c, c0 + cols);
    FloatVector y1 = FloatVector.fromArray(SPECIES, c, c0 + cols + LANES);
    FloatVector x2 = FloatVector.fromArray(SPECIES, c, c0 + 2 * cols);
    FloatVector y2 = FloatVector.fromArray(SPECIES, c, c0 + 2 * cols + LANES);
    FloatVector x3 = FloatVector.fromArray(SPECIES, c, c0 + 3 * cols);
    FloatVector y3 = FloatVector.fromArray(SPECIES, c, c0 + 3 * cols + LANES);
    for (int p = 0; p < inner; p++) {
      int bp = b0 + p * cols;
      FloatVector u = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector v = FloatVector.fromArray(SPECIES, b, bp + LANES);
      int ap = a0 + p * is;
      FloatVector s0 = FloatVector.broadcast(SPECIES, a[ap]);
      x0 = u.fma(s0, x0);
      y0 = v.fma(s0, y0);
      FloatVector s1 = FloatVector.broadcast(SPECIES, a[ap + rs]);
      x1 = u.fma(s1, x1);
      y1 = v.fma(s1, y1);
      FloatVector s2 = FloatVector.broadcast(SPECIES, a[ap + 2 * rs]);
      x2 = u.fma(s2, x2);
      y2 = v.fma(s2, y2);
      FloatVector s3 = FloatVector.broadcast(SPECIES, a[ap + 3 * rs]);
      x3 = u.fma(s3, x3);
      y3 = v.fma(s3, y3);
    }
    x0.intoArray(c, c0);
    y0.intoArray(c, c0 + LANES);
    x1.intoArray(c, c0 + cols);
    y1.intoArray(c, c0 + cols + LANES);
    x2.intoArray(c, c0 + 2 * cols);
    y2.intoArray(c, c0 + 2 * cols + LANES);
    x3.intoArray(c, c0 + 3 * cols);
    y3.intoArray(c, c0 + 3 * cols + LANES);
  }

  /** Rows at {@code a0, a0 + rs, ...}, one vector of columns. */
  private static void fourByOne(int inner, int cols, float[] a, int a0, int rs, int is, float[] b, int b0,
      float[] c, int c0) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, c, c0);
    FloatVector x1 = FloatVector.fromArray(SPECIES, c, c0 + cols);
    FloatVector x2 = FloatVector.fromArray(SPECIES, c, c0 + 2 * cols);
    FloatVector x3 = FloatVector.fromArray(SPECIES, c, c0 + 3 * cols);
    for (int p = 0; p < inner; p++) {
      FloatVector u = FloatVector.fromArray(SPECIES, b, b0 + p * cols);
      int ap = a0 + p * is;
      x0 = u.fma(FloatVector.broadcast(SPECIES, a[ap]), x0);
      x1 = u.fma(FloatVector.broadcast(SPECIES, a[ap + rs]), x1);
      x2 = u.fma(FloatVector.broadcast(SPECIES, a[ap + 2 * rs]), x2);
      x3 = u.fma(FloatVector.broadcast(SPECIES, a[ap + 3 * rs]), x3);
    }
    x0.intoArray(c, c0);
    x1.intoArray(c, c0 + cols);
    x2.intoArray(c, c0 + 2 * cols);
    x3.intoArray(c, c0 + 3 * cols);
  }

  /** One row (A row at {@code a0}, c row at {@code c0}): whole vectors, then the scalar tail. */
  private static void oneRow(int inner, int cols, float[] a, int a0, int is, float[] b, int bOffset,
      float[] c, int c0) {
    int j = 0;
    for (; j + LANES <= cols; j += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, c, c0 + j);
      for (int p = 0; p < inner; p++) {
        x = FloatVector.fromArray(SPECIES, b, bOffset + p * cols + j)
            .fma(FloatVector.broadcast(SPECIES, a[a0 + p * is]), x);
      }
      x.intoArray(c, c0 + j);
    }
    scalar(j, inner, cols, a, a0, is, b, bOffset, c, c0);
  }

  /** Columns {@code from .. cols-1} of one row. */
  private static void scalar(int from, int inner, int cols, float[] a, int a0, int is, float[] b,
      int bOffset, float[] c, int c0) {
    for (int j = from; j < cols; j++) {
      float x = c[c0 + j];
      for (int p = 0; p < inner; p++) {
        x = Math.fma(a[a0 + p * is], b[bOffset + p * cols + j], x);
      }
      c[c0 + j] = x;
    }
  }
}
