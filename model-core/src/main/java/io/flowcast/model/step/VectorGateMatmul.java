package io.flowcast.model.step;

import static io.flowcast.model.step.FmaBlocks.KEYS;
import static io.flowcast.model.step.FmaBlocks.LANES;
import static io.flowcast.model.step.FmaBlocks.SPECIES;
import static io.flowcast.model.step.FmaBlocks.VECTORS;

import jdk.incubator.vector.FloatVector;

/**
 * One layer's matmul with the Vector API ({@code jdk.incubator.vector}), register-blocked through
 * {@link FmaBlocks}: {@value FmaBlocks#KEYS} keys at a time, four vectors of hidden units per key
 * (64 units with AVX-512) in sixteen accumulators. Whole vectors left over after the last chunk go
 * four keys by one vector; keys left over after the last whole group of a tile go one at a time,
 * four vectors then one vector at a time; units left over after the last whole vector go through a
 * scalar {@link Math#fma} loop. The species is the platform's preferred one (512 bits with
 * AVX-512, 256 with AVX2): on a 2-core AMD EPYC with AVX-512 (LSTM H=64, batch 1024), four keys
 * by four 512-bit vectors measured about 13% faster than four keys by two, and a quarter faster
 * than four keys by four 256-bit vectors.
 *
 * <p>Why a key's result is bit-identical whatever batch it is stepped in: every output element is
 * the one fma chain of {@link FmaBlocks}, whichever path (group of four, key alone, vector lane or
 * scalar tail) computes it. The result is not bit-identical to {@link JavaGateMatmul}'s (separate
 * multiply and add): the guarantee holds per JVM configuration, so every JVM of one job must run
 * with the same {@code --add-modules jdk.incubator.vector} setting (see {@link StepEngines#JAVA}).
 *
 * <p>Loaded only when the module is in the boot layer (see {@link JavaStepEngine}).
 */
final class VectorGateMatmul implements TileMatmul {
  /** Hidden units per key in one pass of a group over the rows. */
  private static final int CHUNK = VECTORS * LANES;

  private final PackedLayer layer;

  VectorGateMatmul(PackedLayer layer) {
    this.layer = layer;
  }

  @Override
  public void gates(int first, int keys, float[] xh, float[][] blocks) {
    int rows = layer.rows;
    int hidden = layer.hiddenSize;
    int slot = 0;
    for (; slot + KEYS <= keys; slot += KEYS) {
      for (int q = 0; q < layer.blocks; q++) {
        group(layer.blockRows[q], rows, hidden, xh, (first + slot) * rows, blocks[q], slot * hidden);
      }
    }
    for (; slot < keys; slot++) {
      for (int q = 0; q < layer.blocks; q++) {
        single(layer.blockRows[q], rows, hidden, 0, xh, (first + slot) * rows, blocks[q], slot * hidden);
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
      FmaBlocks.fourByFour(weights, rows, u, xh, in, out, at + u, hidden, LANES);
    }
    for (; u + LANES <= hidden; u += LANES) {
      fourByOne(weights, rows, hidden, u, xh, in, out, at);
    }
    for (int k = 0; k < KEYS; k++) {
      single(weights, rows, hidden, u, xh, in + k * rows, out, at + k * hidden);
    }
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
   * Units {@code from .. hidden-1} of one key (row at {@code in}, output at {@code at}): chunks of
   * four vectors, whole vectors, then a scalar tail whose {@link Math#fma} gives what a lane would.
   */
  private static void single(
      float[][] weights, int rows, int hidden, int from, float[] xh, int in, float[] out, int at) {
    int u = from;
    for (; u + CHUNK <= hidden; u += CHUNK) {
      FmaBlocks.oneByFour(weights, rows, u, xh, in, out, at + u, LANES);
    }
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
