package io.flowcast.model.step;

import static io.flowcast.model.step.FastActivations.ALPHA_1;
import static io.flowcast.model.step.FastActivations.ALPHA_11;
import static io.flowcast.model.step.FastActivations.ALPHA_13;
import static io.flowcast.model.step.FastActivations.ALPHA_3;
import static io.flowcast.model.step.FastActivations.ALPHA_5;
import static io.flowcast.model.step.FastActivations.ALPHA_7;
import static io.flowcast.model.step.FastActivations.ALPHA_9;
import static io.flowcast.model.step.FastActivations.BETA_0;
import static io.flowcast.model.step.FastActivations.BETA_2;
import static io.flowcast.model.step.FastActivations.BETA_4;
import static io.flowcast.model.step.FastActivations.BETA_6;
import static io.flowcast.model.step.FastActivations.CLAMP;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One plain-LSTM layer step with the cell update fused into the Vector API matmul: the gate
 * pre-activations never make the round trip through {@link GateMatmul}'s tile of gate blocks and
 * {@link TileStates}' copies; c and h are read from and written straight to the state buffer.
 * Used by {@link BatchStepper} for {@link io.flowcast.model.CellType#LSTM} when the matmul engine
 * is {@link VectorGateMatmul} and H is a whole number of vectors (see {@link
 * VectorGateMatmul#fusesLstm}); every other case (peepholes, GRU, RNN, H not a multiple of the
 * vector length, no Vector API) takes the matmul-then-{@link LstmKernel} path.
 *
 * <p>Blocking: for each tile of {@link #TILE} keys and each vector of hidden units (16 units with
 * AVX-512), {@value VectorGateMatmul#GROUP} keys at a time hold the four gate blocks i, f, g, o in
 * sixteen accumulators while the loop runs over the K rows {@code [1, x, h]}; the weights are
 * interleaved per vector of units (see {@link #weights}), so a row's four gate vectors are one
 * contiguous load run, and that vector of units' weights (about 18 KiB for LSTM H=64, I=5) stays
 * in L1 for the tile's groups. Keys of a tile left over after its last whole group go one at a
 * time (four accumulators, the same chains). The tile's accumulators go to a 5 KiB scratch, then
 * the cell update runs over it: i = sigmoid, f = sigmoid, g = tanh, c' = f*c + i*g, o = sigmoid,
 * h' = o*tanh(c'). Writing h in place is safe because {@link BatchStepper} has gathered every
 * key's old h into its {@code xh} rows first.
 *
 * <p>Why not in registers to the end: a tanh method called on vectors per gate is compiled on its
 * own first and then not inlined by C2 ("already compiled into a medium method"), and every vector
 * crossing a call that is not inlined is boxed: that variant was 10 times slower. The activations
 * therefore run as passes over the scratch ({@link #activate}), each with one copy of the tanh
 * code in its loop.
 *
 * <p>Bit-identity: each pre-activation {@code (key, q, u)} is the chain {@code acc = fma(W[q][j][u],
 * xh[j], acc)}, j = 0..K-1 from 0, exactly as in {@link VectorGateMatmul}, whichever block (group
 * or single key, any tile) computes it, so it depends only on the key's own row and the weights.
 * The activations are a lane by lane port of {@link FastActivations} with the same operations in
 * the same order (min, max, multiply, fma, divide: each exactly rounded in a lane as in scalar
 * Java), and the cell update does separate multiplies and an add as {@link LstmKernel} does (Java
 * never contracts {@code f*c + i*g} into an fma). So the fused step gives bit for bit what the
 * unfused vector path gives, and a key's result is bit-identical whatever its batch and position
 * (both tested in {@code BatchStepperTest}).
 *
 * <p>Measured (JMH {@code FlowcastStepBenchmark}, JAVA, LSTM H=64, batch 1024, 2-core AMD EPYC
 * with AVX-512): 0.33 to 0.25 us per key-step for one layer, 0.85 to 0.72 for two.
 */
final class FusedLstmStep {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int GROUP = VectorGateMatmul.GROUP;

  /** Keys that share one vector of units' weights while those stay in L1. */
  static final int TILE = CellKernel.TILE;

  private final int hidden;

  /**
   * The pre-activations of one vector of units of a tile of up to {@link #TILE} keys: gate q of
   * key k at {@code (q*keys + k) * LANES}, then c' and tanh(c') of key k at {@code (4*keys + k) *
   * LANES} (5 KiB with 512-bit vectors).
   */
  private final float[] gates = new float[5 * TILE * LANES];

  /**
   * Per layer, the weights interleaved by vector of units: {@code weights[layer][j][4*u + q*LANES
   * + v]} = {@code blockRows[q][j][u + v]} for u a multiple of LANES, so one row j of a vector of
   * units' four gates is one contiguous run of four vectors (as in {@link VectorGateMatmul}'s four
   * vectors of one gate). The same floats, so the same chains; a copy of the layer's weights.
   */
  private final float[][][] weights;

  FusedLstmStep(List<PackedLayer> layers) {
    this.hidden = layers.get(0).hiddenSize;
    this.weights = new float[layers.size()][][];
    for (int layer = 0; layer < layers.size(); layer++) {
      PackedLayer packed = layers.get(layer);
      float[][] rows = new float[packed.rows][4 * hidden];
      for (int j = 0; j < packed.rows; j++) {
        for (int u = 0; u < hidden; u += LANES) {
          for (int q = 0; q < 4; q++) {
            System.arraycopy(packed.blockRows[q][j], u, rows[j], 4 * u + q * LANES, LANES);
          }
        }
      }
      weights[layer] = rows;
    }
  }

  /** Whether the fused step handles a layer of hidden size {@code hidden}. */
  static boolean supports(int hidden) {
    return hidden % LANES == 0;
  }

  /**
   * Steps keys {@code 0..batch-1} of one layer: their rows {@code xh[b*K ..]} are already gathered;
   * h and c are read from and written to {@code states} at {@code b*stride + hiddenOffset} and
   * {@code b*stride + cellOffset}.
   */
  void step(int layer, int batch, float[] xh, float[] states, int stride, int hiddenOffset, int cellOffset) {
    float[][] w = weights[layer];
    int rows = w.length;
    for (int first = 0; first < batch; first += TILE) {
      int keys = Math.min(TILE, batch - first);
      for (int u = 0; u < hidden; u += LANES) {
        int k = 0;
        for (; k + GROUP <= keys; k += GROUP) {
          fourKeys(w, rows, u, xh, (first + k) * rows, k, keys);
        }
        for (; k < keys; k++) {
          oneKey(w, rows, u, xh, (first + k) * rows, k, keys);
        }
        update(keys, states, first * stride + u, stride, hiddenOffset, cellOffset);
      }
    }
  }

  /**
   * Pre-activations of units {@code u .. u+LANES-1} of four keys, rows at {@code in + k*rows}, into
   * the scratch as keys {@code slot..slot+3} of a tile of {@code keys}.
   */
  private void fourKeys(float[][] weights, int rows, int u, float[] xh, int in, int slot, int keys) {
    int in0 = in;
    int in1 = in + rows;
    int in2 = in + 2 * rows;
    int in3 = in + 3 * rows;
    FloatVector i0 = FloatVector.zero(SPECIES);
    FloatVector i1 = FloatVector.zero(SPECIES);
    FloatVector i2 = FloatVector.zero(SPECIES);
    FloatVector i3 = FloatVector.zero(SPECIES);
    FloatVector f0 = FloatVector.zero(SPECIES);
    FloatVector f1 = FloatVector.zero(SPECIES);
    FloatVector f2 = FloatVector.zero(SPECIES);
    FloatVector f3 = FloatVector.zero(SPECIES);
    FloatVector g0 = FloatVector.zero(SPECIES);
    FloatVector g1 = FloatVector.zero(SPECIES);
    FloatVector g2 = FloatVector.zero(SPECIES);
    FloatVector g3 = FloatVector.zero(SPECIES);
    FloatVector o0 = FloatVector.zero(SPECIES);
    FloatVector o1 = FloatVector.zero(SPECIES);
    FloatVector o2 = FloatVector.zero(SPECIES);
    FloatVector o3 = FloatVector.zero(SPECIES);
    for (int j = 0; j < rows; j++) {
      float[] w = weights[j];
      FloatVector wI = FloatVector.fromArray(SPECIES, w, 4 * u);
      FloatVector wF = FloatVector.fromArray(SPECIES, w, 4 * u + LANES);
      FloatVector wG = FloatVector.fromArray(SPECIES, w, 4 * u + 2 * LANES);
      FloatVector wO = FloatVector.fromArray(SPECIES, w, 4 * u + 3 * LANES);
      FloatVector x0 = FloatVector.broadcast(SPECIES, xh[in0 + j]);
      i0 = wI.fma(x0, i0);
      f0 = wF.fma(x0, f0);
      g0 = wG.fma(x0, g0);
      o0 = wO.fma(x0, o0);
      FloatVector x1 = FloatVector.broadcast(SPECIES, xh[in1 + j]);
      i1 = wI.fma(x1, i1);
      f1 = wF.fma(x1, f1);
      g1 = wG.fma(x1, g1);
      o1 = wO.fma(x1, o1);
      FloatVector x2 = FloatVector.broadcast(SPECIES, xh[in2 + j]);
      i2 = wI.fma(x2, i2);
      f2 = wF.fma(x2, f2);
      g2 = wG.fma(x2, g2);
      o2 = wO.fma(x2, o2);
      FloatVector x3 = FloatVector.broadcast(SPECIES, xh[in3 + j]);
      i3 = wI.fma(x3, i3);
      f3 = wF.fma(x3, f3);
      g3 = wG.fma(x3, g3);
      o3 = wO.fma(x3, o3);
    }
    float[] a = gates;
    int block = keys * LANES;
    int at = slot * LANES;
    i0.intoArray(a, at);
    i1.intoArray(a, at + LANES);
    i2.intoArray(a, at + 2 * LANES);
    i3.intoArray(a, at + 3 * LANES);
    f0.intoArray(a, block + at);
    f1.intoArray(a, block + at + LANES);
    f2.intoArray(a, block + at + 2 * LANES);
    f3.intoArray(a, block + at + 3 * LANES);
    g0.intoArray(a, 2 * block + at);
    g1.intoArray(a, 2 * block + at + LANES);
    g2.intoArray(a, 2 * block + at + 2 * LANES);
    g3.intoArray(a, 2 * block + at + 3 * LANES);
    o0.intoArray(a, 3 * block + at);
    o1.intoArray(a, 3 * block + at + LANES);
    o2.intoArray(a, 3 * block + at + 2 * LANES);
    o3.intoArray(a, 3 * block + at + 3 * LANES);
  }

  /** Pre-activations of units {@code u .. u+LANES-1} of one key: the same chains as {@link #fourKeys}. */
  private void oneKey(float[][] weights, int rows, int u, float[] xh, int in, int slot, int keys) {
    FloatVector i = FloatVector.zero(SPECIES);
    FloatVector f = FloatVector.zero(SPECIES);
    FloatVector g = FloatVector.zero(SPECIES);
    FloatVector o = FloatVector.zero(SPECIES);
    for (int j = 0; j < rows; j++) {
      FloatVector x = FloatVector.broadcast(SPECIES, xh[in + j]);
      float[] w = weights[j];
      i = FloatVector.fromArray(SPECIES, w, 4 * u).fma(x, i);
      f = FloatVector.fromArray(SPECIES, w, 4 * u + LANES).fma(x, f);
      g = FloatVector.fromArray(SPECIES, w, 4 * u + 2 * LANES).fma(x, g);
      o = FloatVector.fromArray(SPECIES, w, 4 * u + 3 * LANES).fma(x, o);
    }
    int block = keys * LANES;
    int at = slot * LANES;
    i.intoArray(gates, at);
    f.intoArray(gates, block + at);
    g.intoArray(gates, 2 * block + at);
    o.intoArray(gates, 3 * block + at);
  }

  /**
   * The LSTM cell update of one vector of units of a tile of {@code keys} keys (pre-activations in
   * {@link #gates}), key k's state at {@code at + k*stride} (key base + u).
   */
  private void update(int keys, float[] states, int at, int stride, int hiddenOffset, int cellOffset) {
    float[] a = gates;
    int block = keys * LANES;
    activate(a, 0, 2 * block, true); // i, f
    activate(a, 2 * block, 3 * block, false); // g
    activate(a, 3 * block, 4 * block, true); // o
    for (int k = 0; k < keys; k++) {
      int lane = k * LANES;
      int cell = at + k * stride + cellOffset;
      FloatVector i = FloatVector.fromArray(SPECIES, a, lane);
      FloatVector f = FloatVector.fromArray(SPECIES, a, block + lane);
      FloatVector g = FloatVector.fromArray(SPECIES, a, 2 * block + lane);
      FloatVector c = FloatVector.fromArray(SPECIES, states, cell);
      FloatVector next = f.mul(c).add(i.mul(g));
      next.intoArray(states, cell);
      next.intoArray(a, 4 * block + lane);
    }
    activate(a, 4 * block, 5 * block, false); // tanh(c')
    for (int k = 0; k < keys; k++) {
      int lane = k * LANES;
      FloatVector o = FloatVector.fromArray(SPECIES, a, 3 * block + lane);
      FloatVector tanhC = FloatVector.fromArray(SPECIES, a, 4 * block + lane);
      o.mul(tanhC).intoArray(states, at + k * stride + hiddenOffset);
    }
  }

  /**
   * {@code a[from..to)} in place, a vector at a time: {@link FastActivations#sigmoid} if {@code
   * sigmoid}, else {@link FastActivations#tanh}, lane by lane with the same operations in the same
   * order (min, max, multiply, fma, divide; sigmoid = fma(0.5, tanh(0.5 x), 0.5)).
   */
  private static void activate(float[] a, int from, int to, boolean sigmoid) {
    FloatVector half = FloatVector.broadcast(SPECIES, 0.5f);
    for (int at = from; at < to; at += LANES) {
      FloatVector x = FloatVector.fromArray(SPECIES, a, at);
      if (sigmoid) {
        x = x.mul(half);
      }
      FloatVector clamped = x.min(CLAMP).max(-CLAMP);
      FloatVector x2 = clamped.mul(clamped);
      FloatVector p = FloatVector.broadcast(SPECIES, ALPHA_13);
      p = p.fma(x2, FloatVector.broadcast(SPECIES, ALPHA_11));
      p = p.fma(x2, FloatVector.broadcast(SPECIES, ALPHA_9));
      p = p.fma(x2, FloatVector.broadcast(SPECIES, ALPHA_7));
      p = p.fma(x2, FloatVector.broadcast(SPECIES, ALPHA_5));
      p = p.fma(x2, FloatVector.broadcast(SPECIES, ALPHA_3));
      p = p.fma(x2, FloatVector.broadcast(SPECIES, ALPHA_1));
      p = p.mul(clamped);
      FloatVector q = FloatVector.broadcast(SPECIES, BETA_6);
      q = q.fma(x2, FloatVector.broadcast(SPECIES, BETA_4));
      q = q.fma(x2, FloatVector.broadcast(SPECIES, BETA_2));
      q = q.fma(x2, FloatVector.broadcast(SPECIES, BETA_0));
      FloatVector t = p.div(q);
      if (sigmoid) {
        t = half.fma(t, half);
      }
      t.intoArray(a, at);
    }
  }
}
