package io.flowcast.model.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatGemm} with the Vector API, register-blocked: six rows of C by two vectors of columns
 * are held in twelve accumulators while the loop runs over the inner index, so each vector of B is
 * loaded once for six rows and each A entry is broadcast once for two vectors (twelve
 * accumulators, two loads and a broadcast fit the sixteen AVX2 registers, and twelve independent
 * chains cover the FMA latency of two pipes). The loops run column
 * strip by column strip, and inside a strip over blocks of {@value #INNER_BLOCK} inner indices,
 * so the strip of B a block reads (at most {@value #INNER_BLOCK} x 2 vectors) stays in L1 while
 * every group of rows passes over it. Rows left over after the last group of six go two at a time,
 * four vectors of columns in eight accumulators ({@link #twoRows}; B = 32 rows of a per-step
 * product leave two); a last odd row, and columns left over after the last pair of vectors, go
 * one row at a time, four vectors of columns at a time (four independent chains), then one vector,
 * then a scalar {@link Math#fma} loop. Loaded only when the module is
 * in the boot layer (see {@link FloatGemm#create}).
 */
final class VectorFloatGemm implements FloatGemm {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int ROWS = 6;
  private static final int INNER_BLOCK = 256;

  @Override
  public void gemm(int rows, int inner, int cols, float[] a, int aOffset, int aRowStride,
      int aInnerStride, float[] b, int bOffset, int bRowStride, float[] c, int cOffset, int cRowStride) {
    int grouped = rows - rows % ROWS;
    int strips = cols - cols % (2 * LANES);
    for (int p0 = 0; p0 < inner; p0 += INNER_BLOCK) {
      int depth = Math.min(INNER_BLOCK, inner - p0);
      int aBlock = aOffset + p0 * aInnerStride;
      int bBlock = bOffset + p0 * bRowStride;
      for (int j = 0; j < strips; j += 2 * LANES) {
        for (int i = 0; i < grouped; i += ROWS) {
          sixByTwo(depth, a, aBlock + i * aRowStride, aRowStride, aInnerStride, b, bBlock + j, bRowStride,
              c, cOffset + i * cRowStride + j, cRowStride);
        }
      }
      for (int i = 0; i < grouped && strips < cols; i++) {
        oneRow(depth, strips, cols, a, aBlock + i * aRowStride, aInnerStride, b, bBlock, bRowStride, c,
            cOffset + i * cRowStride);
      }
      int i = grouped;
      for (; i + 1 < rows; i += 2) {
        twoRows(depth, cols, a, aBlock + i * aRowStride, aRowStride, aInnerStride, b, bBlock, bRowStride, c,
            cOffset + i * cRowStride, cRowStride);
      }
      if (i < rows) {
        oneRow(depth, 0, cols, a, aBlock + i * aRowStride, aInnerStride, b, bBlock, bRowStride, c,
            cOffset + i * cRowStride);
      }
    }
  }

  /** Six rows (A rows at {@code a0 + r*rs}) by two vectors of columns (B at {@code b0}, C at {@code c0}). */
  private static void sixByTwo(int depth, float[] a, int a0, int rs, int is, float[] b, int b0, int bs,
      float[] c, int c0, int cs) {
    FloatVector x0 = FloatVector.fromArray(SPECIES, c, c0);
    FloatVector y0 = FloatVector.fromArray(SPECIES, c, c0 + LANES);
    FloatVector x1 = FloatVector.fromArray(SPECIES, c, c0 + cs);
    FloatVector y1 = FloatVector.fromArray(SPECIES, c, c0 + cs + LANES);
    FloatVector x2 = FloatVector.fromArray(SPECIES, c, c0 + 2 * cs);
    FloatVector y2 = FloatVector.fromArray(SPECIES, c, c0 + 2 * cs + LANES);
    FloatVector x3 = FloatVector.fromArray(SPECIES, c, c0 + 3 * cs);
    FloatVector y3 = FloatVector.fromArray(SPECIES, c, c0 + 3 * cs + LANES);
    FloatVector x4 = FloatVector.fromArray(SPECIES, c, c0 + 4 * cs);
    FloatVector y4 = FloatVector.fromArray(SPECIES, c, c0 + 4 * cs + LANES);
    FloatVector x5 = FloatVector.fromArray(SPECIES, c, c0 + 5 * cs);
    FloatVector y5 = FloatVector.fromArray(SPECIES, c, c0 + 5 * cs + LANES);
    for (int p = 0; p < depth; p++) {
      int bp = b0 + p * bs;
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
      FloatVector s4 = FloatVector.broadcast(SPECIES, a[ap + 4 * rs]);
      x4 = u.fma(s4, x4);
      y4 = v.fma(s4, y4);
      FloatVector s5 = FloatVector.broadcast(SPECIES, a[ap + 5 * rs]);
      x5 = u.fma(s5, x5);
      y5 = v.fma(s5, y5);
    }
    x0.intoArray(c, c0);
    y0.intoArray(c, c0 + LANES);
    x1.intoArray(c, c0 + cs);
    y1.intoArray(c, c0 + cs + LANES);
    x2.intoArray(c, c0 + 2 * cs);
    y2.intoArray(c, c0 + 2 * cs + LANES);
    x3.intoArray(c, c0 + 3 * cs);
    y3.intoArray(c, c0 + 3 * cs + LANES);
    x4.intoArray(c, c0 + 4 * cs);
    y4.intoArray(c, c0 + 4 * cs + LANES);
    x5.intoArray(c, c0 + 5 * cs);
    y5.intoArray(c, c0 + 5 * cs + LANES);
  }

  /**
   * All {@code cols} columns of two rows (A rows at {@code a0}, {@code a0 + rs}; C rows at {@code
   * c0}, {@code c0 + cs}): four vectors of columns at a time in eight accumulators (each B vector
   * loaded once for both rows), the columns left over by {@link #oneRow} for each row.
   */
  private static void twoRows(int depth, int cols, float[] a, int a0, int rs, int is, float[] b, int b0,
      int bs, float[] c, int c0, int cs) {
    int j = 0;
    for (; j + 4 * LANES <= cols; j += 4 * LANES) {
      int at = c0 + j;
      FloatVector x0 = FloatVector.fromArray(SPECIES, c, at);
      FloatVector x1 = FloatVector.fromArray(SPECIES, c, at + LANES);
      FloatVector x2 = FloatVector.fromArray(SPECIES, c, at + 2 * LANES);
      FloatVector x3 = FloatVector.fromArray(SPECIES, c, at + 3 * LANES);
      FloatVector y0 = FloatVector.fromArray(SPECIES, c, at + cs);
      FloatVector y1 = FloatVector.fromArray(SPECIES, c, at + cs + LANES);
      FloatVector y2 = FloatVector.fromArray(SPECIES, c, at + cs + 2 * LANES);
      FloatVector y3 = FloatVector.fromArray(SPECIES, c, at + cs + 3 * LANES);
      for (int p = 0; p < depth; p++) {
        int bp = b0 + p * bs + j;
        FloatVector u0 = FloatVector.fromArray(SPECIES, b, bp);
        FloatVector u1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
        FloatVector u2 = FloatVector.fromArray(SPECIES, b, bp + 2 * LANES);
        FloatVector u3 = FloatVector.fromArray(SPECIES, b, bp + 3 * LANES);
        int ap = a0 + p * is;
        FloatVector s = FloatVector.broadcast(SPECIES, a[ap]);
        x0 = u0.fma(s, x0);
        x1 = u1.fma(s, x1);
        x2 = u2.fma(s, x2);
        x3 = u3.fma(s, x3);
        FloatVector t = FloatVector.broadcast(SPECIES, a[ap + rs]);
        y0 = u0.fma(t, y0);
        y1 = u1.fma(t, y1);
        y2 = u2.fma(t, y2);
        y3 = u3.fma(t, y3);
      }
      x0.intoArray(c, at);
      x1.intoArray(c, at + LANES);
      x2.intoArray(c, at + 2 * LANES);
      x3.intoArray(c, at + 3 * LANES);
      y0.intoArray(c, at + cs);
      y1.intoArray(c, at + cs + LANES);
      y2.intoArray(c, at + cs + 2 * LANES);
      y3.intoArray(c, at + cs + 3 * LANES);
    }
    if (j < cols) {
      oneRow(depth, j, cols, a, a0, is, b, b0, bs, c, c0);
      oneRow(depth, j, cols, a, a0 + rs, is, b, b0, bs, c, c0 + cs);
    }
  }

  /**
   * Columns {@code from .. to-1} of one row (A row at {@code a0}, C row at {@code c0}): four vectors
   * at a time, then one, then scalars.
   */
  private static void oneRow(int depth, int from, int to, float[] a, int a0, int is, float[] b, int b0,
      int bs, float[] c, int c0) {
    int j = from;
    for (; j + 4 * LANES <= to; j += 4 * LANES) {
      int at = c0 + j;
      FloatVector x0 = FloatVector.fromArray(SPECIES, c, at);
      FloatVector x1 = FloatVector.fromArray(SPECIES, c, at + LANES);
      FloatVector x2 = FloatVector.fromArray(SPECIES, c, at + 2 * LANES);
      FloatVector x3 = FloatVector.fromArray(SPECIES, c, at + 3 * LANES);
      for (int p = 0; p < depth; p++) {
        FloatVector s = FloatVector.broadcast(SPECIES, a[a0 + p * is]);
        int bp = b0 + p * bs + j;
        x0 = FloatVector.fromArray(SPECIES, b, bp).fma(s, x0);
        x1 = FloatVector.fromArray(SPECIES, b, bp + LANES).fma(s, x1);
        x2 = FloatVector.fromArray(SPECIES, b, bp + 2 * LANES).fma(s, x2);
        x3 = FloatVector.fromArray(SPECIES, b, bp + 3 * LANES).fma(s, x3);
      }
      x0.intoArray(c, at);
      x1.intoArray(c, at + LANES);
      x2.intoArray(c, at + 2 * LANES);
      x3.intoArray(c, at + 3 * LANES);
    }
    for (; j + LANES <= to; j += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, c, c0 + j);
      for (int p = 0; p < depth; p++) {
        x = FloatVector.fromArray(SPECIES, b, b0 + p * bs + j).fma(FloatVector.broadcast(SPECIES, a[a0 + p * is]), x);
      }
      x.intoArray(c, c0 + j);
    }
    for (; j < to; j++) {
      float x = c[c0 + j];
      for (int p = 0; p < depth; p++) {
        x = Math.fma(a[a0 + p * is], b[b0 + p * bs + j], x);
      }
      c[c0 + j] = x;
    }
  }

  @Override
  public void multiplyTransposedB(int m, int k, int n, float[] a, int aOffset, float[] b, int bOffset,
      float[] c, int cOffset) {
    for (int i = 0; i < m; i++) {
      int ai = aOffset + i * k;
      for (int j = 0; j < n; j++) {
        int bj = bOffset + j * k;
        FloatVector x = FloatVector.zero(SPECIES);
        FloatVector y = FloatVector.zero(SPECIES);
        int p = 0;
        for (; p + 2 * LANES <= k; p += 2 * LANES) {
          x = FloatVector.fromArray(SPECIES, a, ai + p).fma(FloatVector.fromArray(SPECIES, b, bj + p), x);
          y = FloatVector.fromArray(SPECIES, a, ai + p + LANES)
              .fma(FloatVector.fromArray(SPECIES, b, bj + p + LANES), y);
        }
        float sum = x.add(y).reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          sum = Math.fma(a[ai + p], b[bj + p], sum);
        }
        c[cOffset + i * n + j] += sum;
      }
    }
  }
}
