package io.flowcast.model.step;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matmul with the Vector API ({@code jdk.incubator.vector}), register-blocked: {@value #GROUP}
 * keys at a time, four vectors of hidden units per key (64 units with AVX-512) are held in sixteen
 * accumulators while the loop runs over the K rows, so each weight vector is loaded once for four
 * keys and each key's input is broadcast once per row and chunk. Whole vectors left over after the
 * last chunk go four keys by one vector; keys left over after the last whole group of a tile go
 * one at a time, a vector at a time; units left over after the last whole vector go through a
 * scalar {@link Math#fma} loop. The species is the platform's preferred one (512 bits with
 * AVX-512, 256 with AVX2): on a 2-core AMD EPYC with AVX-512 (LSTM H=64, batch 1024), four keys
 * by four 512-bit vectors measured about 13% faster than four keys by two, and a quarter faster
 * than four keys by four 256-bit vectors.
 *
 * <p>Why a key's result is bit-identical whatever batch it is stepped in: every output element
 * {@code (key, q, u)} is computed by the same chain {@code acc = fma(W[q][j][u], xh[j], acc)} for
 * j = 0..K-1, starting from 0, whichever path (group of four, key alone, vector lane or scalar
 * tail) computes it. FMA is exactly rounded in every lane and in {@code Math.fma}, so the chain's
 * result depends only on the key's own row and the weights, not on its neighbours, its group or
 * its position. The result is not bit-identical to {@link JavaGateMatmul}'s (separate multiply and
 * add): the guarantee holds per JVM configuration, so every JVM of one job must run with the same
 * {@code --add-modules jdk.incubator.vector} setting (see {@link MatmulBackend#JAVA}).
 *
 * <p>Loaded only when the module is in the boot layer (see {@link MatmulBackend#javaEngine}).
 */
final class VectorGateMatmul implements GateMatmul {
  /** Keys sharing each weight load. */
  static final int GROUP = 4;

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Hidden units per key in one pass of a group over the rows. */
  private static final int CHUNK = 4 * LANES;

  private final List<PackedLayer> layers;
  /** Built by the first {@link #fusesLstm} that holds (it copies the weights). */
  private FusedLstmStep fused;

  VectorGateMatmul(List<PackedLayer> layers) {
    this.layers = layers;
  }

  @Override
  public void multiply(int batch, int layer, float[] xh) {}

  /** Plain-LSTM layers whose H is a whole number of vectors go through {@link FusedLstmStep}. */
  @Override
  public boolean fusesLstm(int layer) {
    int hidden = layers.get(0).hiddenSize;
    boolean fusable = FusedLstmStep.supports(hidden)
        && layers.stream().allMatch(l -> l.blocks == 4 && l.hiddenSize == hidden);
    if (fusable && fused == null) {
      fused = new FusedLstmStep(layers);
    }
    return fusable;
  }

  @Override
  public void stepLstm(int batch, int layer, float[] xh, float[] states, StateLayout layout) {
    fused.step(
        layer, batch, xh, states, layout.size(), layout.hiddenOffset(layer), layout.cellOffset(layer));
  }

  @Override
  public void gates(int first, int keys, int layer, float[] xh, float[][] blocks) {
    PackedLayer packed = layers.get(layer);
    int rows = packed.rows;
    int hidden = packed.hiddenSize;
    int slot = 0;
    for (; slot + GROUP <= keys; slot += GROUP) {
      for (int q = 0; q < packed.blocks; q++) {
        group(packed.blockRows[q], rows, hidden, xh, (first + slot) * rows, blocks[q], slot * hidden);
      }
    }
    for (; slot < keys; slot++) {
      for (int q = 0; q < packed.blocks; q++) {
        single(packed.blockRows[q], rows, hidden, 0, xh, (first + slot) * rows, blocks[q], slot * hidden);
      }
    }
  }

  /**
   * One gate block of four keys: their rows start at {@code in}, {@code in + rows}, ..., their
   * outputs at {@code at}, {@code at + hidden}, ...
   */
  private static void group(float[][] weights, int rows, int hidden, float[] xh, int in, float[] out, int at) {
    int u = 0;
    for (; u + CHUNK <= hidden; u += CHUNK) {
      fourByFour(weights, rows, hidden, u, xh, in, out, at);
    }
    for (; u + LANES <= hidden; u += LANES) {
      fourByOne(weights, rows, hidden, u, xh, in, out, at);
    }
    for (int k = 0; k < GROUP; k++) {
      single(weights, rows, hidden, u, xh, in + k * rows, out, at + k * hidden);
    }
  }

  /** Units {@code u .. u+CHUNK-1} of four keys. */
  private static void fourByFour(
      float[][] weights, int rows, int hidden, int u, float[] xh, int in, float[] out, int at) {
    int in0 = in;
    int in1 = in + 1 * rows;
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
      float[] w = weights[j];
      FloatVector wa = FloatVector.fromArray(SPECIES, w, u);
      FloatVector wb = FloatVector.fromArray(SPECIES, w, u + LANES);
      FloatVector wc = FloatVector.fromArray(SPECIES, w, u + 2 * LANES);
      FloatVector wd = FloatVector.fromArray(SPECIES, w, u + 3 * LANES);
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
    int out0 = at + u;
    int out1 = at + hidden + u;
    int out2 = at + 2 * hidden + u;
    int out3 = at + 3 * hidden + u;
    a0.intoArray(out, out0);
    a1.intoArray(out, out1);
    a2.intoArray(out, out2);
    a3.intoArray(out, out3);
    b0.intoArray(out, out0 + LANES);
    b1.intoArray(out, out1 + LANES);
    b2.intoArray(out, out2 + LANES);
    b3.intoArray(out, out3 + LANES);
    c0.intoArray(out, out0 + 2 * LANES);
    c1.intoArray(out, out1 + 2 * LANES);
    c2.intoArray(out, out2 + 2 * LANES);
    c3.intoArray(out, out3 + 2 * LANES);
    d0.intoArray(out, out0 + 3 * LANES);
    d1.intoArray(out, out1 + 3 * LANES);
    d2.intoArray(out, out2 + 3 * LANES);
    d3.intoArray(out, out3 + 3 * LANES);
  }

  /** Units {@code u .. u+LANES-1} of four keys. */
  private static void fourByOne(
      float[][] weights, int rows, int hidden, int u, float[] xh, int in, float[] out, int at) {
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = FloatVector.zero(SPECIES);
    FloatVector a2 = FloatVector.zero(SPECIES);
    FloatVector a3 = FloatVector.zero(SPECIES);
    for (int j = 0; j < rows; j++) {
      FloatVector w = FloatVector.fromArray(SPECIES, weights[j], u);
      a0 = w.fma(FloatVector.broadcast(SPECIES, xh[in + j]), a0);
      a1 = w.fma(FloatVector.broadcast(SPECIES, xh[in + rows + j]), a1);
      a2 = w.fma(FloatVector.broadcast(SPECIES, xh[in + 2 * rows + j]), a2);
      a3 = w.fma(FloatVector.broadcast(SPECIES, xh[in + 3 * rows + j]), a3);
    }
    a0.intoArray(out, at + u);
    a1.intoArray(out, at + hidden + u);
    a2.intoArray(out, at + 2 * hidden + u);
    a3.intoArray(out, at + 3 * hidden + u);
  }

  /**
   * Units {@code from .. hidden-1} of one key (row at {@code in}, output at {@code at}): whole
   * vectors, then a scalar tail whose {@link Math#fma} gives what a vector lane would.
   */
  private static void single(
      float[][] weights, int rows, int hidden, int from, float[] xh, int in, float[] out, int at) {
    int u = from;
    for (; u + LANES <= hidden; u += LANES) {
      FloatVector acc = FloatVector.zero(SPECIES);
      for (int j = 0; j < rows; j++) {
        acc = FloatVector.fromArray(SPECIES, weights[j], u).fma(FloatVector.broadcast(SPECIES, xh[in + j]), acc);
      }
      acc.intoArray(out, at + u);
    }
    for (; u < hidden; u++) {
      float acc = 0f;
      for (int j = 0; j < rows; j++) {
        acc = Math.fma(weights[j][u], xh[in + j], acc);
      }
      out[at + u] = acc;
    }
  }
}
