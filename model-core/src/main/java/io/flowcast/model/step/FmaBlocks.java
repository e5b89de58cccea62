package io.flowcast.model.step;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one FMA micro-kernel of the Vector API engine, shared by {@link VectorGateMatmul} (four
 * vectors of units of one gate block) and {@link FusedLstmStep} (one vector of units of the four
 * LSTM gates, weights interleaved): a block of {@value #KEYS} keys by {@value #VECTORS} vectors of
 * columns, sixteen accumulators held in registers while the loop runs over the K rows {@code [1,
 * x, h]}, each weight vector loaded once for four keys and each key's input broadcast once per row.
 *
 * <p>Every output element {@code (key, column)} is the chain {@code acc = fma(w[j][column],
 * xh[key*K + j], acc)} for j = 0..K-1 from 0, the same whichever kernel here (or a scalar {@link
 * Math#fma} loop) computes it: FMA is exactly rounded in every lane, so the result depends only on
 * the key's own row and the weights. That is what makes the Java engine bit-identical whatever the
 * batch and a key's place in it.
 *
 * <p>Output placement: key k's vector v goes to {@code out[at + k*keyStride + v*vectorStride ..]}
 * ({@code LANES} floats), so each caller lays the results out as its next pass reads them.
 */
final class FmaBlocks {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /** Keys sharing each weight load. */
  static final int KEYS = 4;
  /** Vectors of columns per key in one pass over the rows. */
  static final int VECTORS = 4;

  private FmaBlocks() {}

  /**
   * Columns {@code column .. column + 4*LANES - 1} of four keys whose rows start at {@code in},
   * {@code in + rows}, {@code in + 2*rows}, {@code in + 3*rows}.
   */
  static void fourByFour(
      float[][] w, int rows, int column, float[] xh, int in, float[] out, int at, int keyStride, int vectorStride) {
    int in0 = in;
    int in1 = in + rows;
    int in2 = in + 2 * rows;
    int in3 = in + 3 * rows;
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = FloatVector.zero(SPECIES);
    FloatVector a2 = FloatVector.zero(SPECIES);
    FloatVector a3 = FloatVector.zero(SPECIES);
    FloatVector b0 = FloatVector.zero(SPECIES);
    FloatVector b1 = FloatVector.zero(SPECIES);
    FloatVector b2 = FloatVector.zero(SPECIES);
    FloatVector b3 = FloatVector.zero(SPECIES);
    FloatVector c0 = FloatVector.zero(SPECIES);
    FloatVector c1 = FloatVector.zero(SPECIES);
    FloatVector c2 = FloatVector.zero(SPECIES);
    FloatVector c3 = FloatVector.zero(SPECIES);
    FloatVector d0 = FloatVector.zero(SPECIES);
    FloatVector d1 = FloatVector.zero(SPECIES);
    FloatVector d2 = FloatVector.zero(SPECIES);
    FloatVector d3 = FloatVector.zero(SPECIES);
    for (int j = 0; j < rows; j++) {
      float[] row = w[j];
      FloatVector wa = FloatVector.fromArray(SPECIES, row, column);
      FloatVector wb = FloatVector.fromArray(SPECIES, row, column + LANES);
      FloatVector wc = FloatVector.fromArray(SPECIES, row, column + 2 * LANES);
      FloatVector wd = FloatVector.fromArray(SPECIES, row, column + 3 * LANES);
      FloatVector x0 = FloatVector.broadcast(SPECIES, xh[in0 + j]);
      a0 = wa.fma(x0, a0);
      b0 = wb.fma(x0, b0);
      c0 = wc.fma(x0, c0);
      d0 = wd.fma(x0, d0);
      FloatVector x1 = FloatVector.broadcast(SPECIES, xh[in1 + j]);
      a1 = wa.fma(x1, a1);
      b1 = wb.fma(x1, b1);
      c1 = wc.fma(x1, c1);
      d1 = wd.fma(x1, d1);
      FloatVector x2 = FloatVector.broadcast(SPECIES, xh[in2 + j]);
      a2 = wa.fma(x2, a2);
      b2 = wb.fma(x2, b2);
      c2 = wc.fma(x2, c2);
      d2 = wd.fma(x2, d2);
      FloatVector x3 = FloatVector.broadcast(SPECIES, xh[in3 + j]);
      a3 = wa.fma(x3, a3);
      b3 = wb.fma(x3, b3);
      c3 = wc.fma(x3, c3);
      d3 = wd.fma(x3, d3);
    }
    int out0 = at;
    int out1 = at + keyStride;
    int out2 = at + 2 * keyStride;
    int out3 = at + 3 * keyStride;
    a0.intoArray(out, out0);
    a1.intoArray(out, out1);
    a2.intoArray(out, out2);
    a3.intoArray(out, out3);
    b0.intoArray(out, out0 + vectorStride);
    b1.intoArray(out, out1 + vectorStride);
    b2.intoArray(out, out2 + vectorStride);
    b3.intoArray(out, out3 + vectorStride);
    c0.intoArray(out, out0 + 2 * vectorStride);
    c1.intoArray(out, out1 + 2 * vectorStride);
    c2.intoArray(out, out2 + 2 * vectorStride);
    c3.intoArray(out, out3 + 2 * vectorStride);
    d0.intoArray(out, out0 + 3 * vectorStride);
    d1.intoArray(out, out1 + 3 * vectorStride);
    d2.intoArray(out, out2 + 3 * vectorStride);
    d3.intoArray(out, out3 + 3 * vectorStride);
  }

  /** Columns {@code column .. column + 4*LANES - 1} of one key (row at {@code in}): the same chains. */
  static void oneByFour(float[][] w, int rows, int column, float[] xh, int in, float[] out, int at, int vectorStride) {
    FloatVector a = FloatVector.zero(SPECIES);
    FloatVector b = FloatVector.zero(SPECIES);
    FloatVector c = FloatVector.zero(SPECIES);
    FloatVector d = FloatVector.zero(SPECIES);
    for (int j = 0; j < rows; j++) {
      FloatVector x = FloatVector.broadcast(SPECIES, xh[in + j]);
      float[] row = w[j];
      a = FloatVector.fromArray(SPECIES, row, column).fma(x, a);
      b = FloatVector.fromArray(SPECIES, row, column + LANES).fma(x, b);
      c = FloatVector.fromArray(SPECIES, row, column + 2 * LANES).fma(x, c);
      d = FloatVector.fromArray(SPECIES, row, column + 3 * LANES).fma(x, d);
    }
    a.intoArray(out, at);
    b.intoArray(out, at + vectorStride);
    c.intoArray(out, at + 2 * vectorStride);
    d.intoArray(out, at + 3 * vectorStride);
  }
}
