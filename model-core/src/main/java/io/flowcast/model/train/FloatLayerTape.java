package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import java.util.Arrays;

/**
 * One layer's buffers of a float32 forward and backward pass over T steps of B sequences,
 * allocated once per shape and reused. Every buffer a cell reads or writes is one array per step
 * (and per gate block), {@code [B][H]} = n values from offset 0, so that each of the cells' loops
 * indexes all its arrays at the same offset: C2 in JDK 17 vectorises a loop only when all its
 * float accesses share one offset (it drops an access at an offset that differs by an unknown
 * amount, because it could overlap another in the same array) and the body is small enough to
 * unroll.
 *
 * <pre>
 *   input               [T] x [B][I_k]  step t of the layer's input (the network's inputs, the layer
 *                                       below's h, or that times the dropout mask); set per pass
 *   mask, maskedInput   [T] x [n]       dropout masks and the layer below's h times them (k &gt;= 1)
 *   pre                 [G][T] x [n]    pre-activations, replaced in place by the activated gates
 *   hh                  [G] x [n]       W_hh h + b_hh of the current step (cells that keep it apart: GRU)
 *   h                   [T+1] x [n]     h_{t-1} at slot t: slot 0 is the zero initial state
 *   outputs             [T] x [n]       h_t at t: the same arrays as h from slot 1
 *   c                   [T+1] x [n]     c likewise (LSTM kinds, else null)
 *   aux                 [T] x [n]       LSTM tanh(c_t), GRU W_hn h + b_hn (unused by the RNN)
 *   dPre, dPreHh        [G][T] x [n]    gradients of the input and hidden pre-activations; dPreHh
 *                                       shares dPre's arrays where they are equal (all gate blocks
 *                                       of cells that sum them, r and z of the GRU)
 *   dOut                [T] x [n]       dLoss/dh_t from above (head, loss or the next layer)
 *   dh, dc              [n]             the running gradients of the current step's h and c
 *   biasSums            [n]             the bias gradient of one gate block summed over the steps
 *   peepholes, peepholeGradients  3 x [n]  p_i, p_f, p_o per sequence and their gradients (peephole LSTM)
 * </pre>
 */
final class FloatLayerTape {
  final int steps;
  final int batch;
  final int hidden;
  final int gates;
  float[][] input;
  final float[][] mask;
  final float[][] maskedInput;
  final float[][][] pre;
  final float[][] hh;
  final float[][] h;
  final float[][] outputs;
  final float[][] c;
  final float[][] aux;
  final float[][][] dPre;
  final float[][][] dPreHh;
  final float[][] dOut;
  final float[] dh;
  final float[] dc;
  final float[] biasSums;
  final float[][] peepholes;
  final float[][] peepholeGradients;

  FloatLayerTape(ModelConfig config, int layer, int steps, int batch, boolean sumsPreActivations) {
    this.steps = steps;
    this.batch = batch;
    this.hidden = config.hiddenSize();
    this.gates = config.cell().gates();
    int n = batch * hidden;
    mask = layer > 0 ? new float[steps][n] : null;
    maskedInput = layer > 0 ? new float[steps][n] : null;
    pre = new float[gates][steps][n];
    hh = sumsPreActivations ? null : new float[gates][n];
    h = new float[steps + 1][n];
    outputs = Arrays.copyOfRange(h, 1, steps + 1);
    c = config.cell().hasCellState() ? new float[steps + 1][n] : null;
    aux = new float[steps][n];
    dPre = new float[gates][steps][n];
    dPreHh = sumsPreActivations ? dPre : gruHiddenGradients(dPre, steps, n);
    dOut = new float[steps][n];
    dh = new float[n];
    dc = new float[n];
    biasSums = new float[n];
    boolean peep = config.cell().hasPeepholes();
    peepholes = peep ? new float[3][n] : null;
    peepholeGradients = peep ? new float[3][n] : null;
  }

  /** The GRU's dPreHh: r and z blocks shared with dPre (the same gradient), n apart. */
  private static float[][][] gruHiddenGradients(float[][][] dPre, int steps, int n) {
    return new float[][][] {dPre[0], dPre[1], new float[steps][n]};
  }

}
