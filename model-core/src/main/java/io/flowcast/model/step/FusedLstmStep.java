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
import static io.flowcast.model.step.FmaBlocks.KEYS;
import static io.flowcast.model.step.FmaBlocks.LANES;
import static io.flowcast.model.step.FmaBlocks.SPECIES;

import io.flowcast.model.CellType;
import jdk.incubator.vector.FloatVector;

/**
 * One plain-LSTM layer step with the cell update fused into the Vector API matmul: the gate
 * pre-activations never make the round trip through a {@link TileMatmul}'s tile of gate blocks and
 * {@link TileStates}' copies; c and h are read from and written straight to the state buffer.
 * {@link JavaStepEngine} chooses it for a {@link io.flowcast.model.CellType#LSTM} layer when the
 * Vector API is on and H is a whole number of vectors ({@link #supports}); every other case
 * (peepholes, GRU, RNN, H not a multiple of the vector length, no Vector API) takes the
 * {@link TiledLayerStep} (matmul, then {@link LstmKernel}).
 *
 * <p>Blocking: for each tile of {@link #TILE} keys and each vector of hidden units (16 units with
 * AVX-512), {@link FmaBlocks#fourByFour} holds the four gate blocks i, f, g, o of {@value
 * FmaBlocks#KEYS} keys in sixteen accumulators while the loop runs over the K rows {@code [1, x,
 * h]}; the weights are
 * interleaved per vector of units (see {@link #weights}), so a row's four gate vectors are one
 * contiguous load run, and that vector of units' weights (about 18 KiB for LSTM H=64, I=5) stays
 * in L1 for the tile's groups. Keys of a tile left over after its last whole group go one at a
 * time ({@link FmaBlocks#oneByFour}, the same chains). The tile's accumulators go to a 5 KiB scratch, then
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
final class FusedLstmStep implements LayerStep {
  /** Keys that share one vector of units' weights while those stay in L1. */
  static final int TILE = CellKernel.TILE;

  private final int hidden;
  private final int stride;
  private final int hiddenOffset;
  private final int cellOffset;

  /**
   * The pre-activations of one vector of units of a tile of up to {@link #TILE} keys: gate q of
   * key k at {@code (q*keys + k) * LANES}, then c' and tanh(c') of key k at {@code (4*keys + k) *
   * LANES} (5 KiB with 512-bit vectors).
   */
  private final float[] gates = new float[5 * TILE * LANES];

  /**
   * The layer's weights interleaved by vector of units: {@code weights[j][4*u + q*LANES + v]} =
   * {@code blockRows[q][j][u + v]} for u a multiple of LANES, so one row j of a vector of units'
   * four gates is one contiguous run of four vectors (as {@link VectorGateMatmul}'s four vectors of
   * one gate). The same floats, so the same chains; a copy of the layer's weights, made once when
   * the engine chooses this step for the layer.
   */
  private final float[][] weights;

  FusedLstmStep(LayerContext context) {
    PackedLayer packed = context.weights();
    this.hidden = packed.hiddenSize;
    this.stride = context.layout().size();
    this.hiddenOffset = context.hiddenOffset();
    this.cellOffset = context.cellOffset();
    this.weights = new float[packed.rows][4 * hidden];
    for (int j = 0; j < packed.rows; j++) {
      for (int u = 0; u < hidden; u += LANES) {
        for (int q = 0; q < 4; q++) {
          System.arraycopy(packed.blockRows[q][j], u, weights[j], 4 * u + q * LANES, LANES);
        }
      }
    }
  }

  /** Whether the fused step handles this layer: a plain LSTM whose H is a whole number of vectors. */
  static boolean supports(LayerContext context) {
    return context.cell() == CellType.LSTM && context.weights().hiddenSize % LANES == 0;
  }

  /**
   * Steps keys {@code 0..batch-1}: their rows {@code xh[b*K ..]} are already gathered; h and c are
   * read from and written to {@code states} at {@code b*stride + hiddenOffset} and {@code
   * b*stride + cellOffset}. Gate q of tile key k lands in the scratch at {@code (q*keys + k) *
   * LANES}.
   */
  @Override
  public void step(int batch, float[] xh, float[] states) {
    float[][] w = weights;
    int rows = w.length;
    for (int first = 0; first < batch; first += TILE) {
      int keys = Math.min(TILE, batch - first);
      int block = keys * LANES;
      for (int u = 0; u < hidden; u += LANES) {
        int k = 0;
        for (; k + KEYS <= keys; k += KEYS) {
          FmaBlocks.fourByFour(w, rows, 4 * u, xh, (first + k) * rows, gates, k * LANES, LANES, block);
        }
        for (; k < keys; k++) {
          FmaBlocks.oneByFour(w, rows, 4 * u, xh, (first + k) * rows, gates, k * LANES, block);
        }
        update(keys, states, first * stride + u, stride, hiddenOffset, cellOffset);
      }
    }
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
