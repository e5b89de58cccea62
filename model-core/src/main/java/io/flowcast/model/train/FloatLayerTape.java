package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;

/**
 * One layer's buffers of a float32 forward and backward pass over T steps of B sequences,
 * allocated once per shape and reused. M = T*B rows, row {@code t*B + b}; n = B*H values per step.
 * Gate-shaped buffers are gate-major, {@code [G][M][H]}: gate block q of step t is the n
 * contiguous values at {@link #gate}{@code (q, t)}, so the cells run each activation as one loop
 * over the whole step.
 *
 * <pre>
 *   input, inputOffset  [M][I_k]     the layer's input (the network's inputs, or the layer below's h)
 *   mask, maskedInput   [M][H]       dropout masks and the layer below's h times them (k &gt;= 1)
 *   pre                 [G][M][H]    pre-activations, replaced in place by the activated gates
 *   hh                  [G][B][H]    W_hh h + b_hh of the current step (cells that keep it apart: GRU)
 *   h                   [T+1][B][H]  h_{t-1} at slot t: slot 0 is the zero initial state
 *   c                   [T+1] x [n]  c likewise, one array per slot (LSTM kinds, else null)
 *   aux                 [M][H]       LSTM tanh(c_t), GRU W_hn h + b_hn (unused by the RNN)
 *   dPre, dPreHh        [G][M][H]    gradients of the input and hidden pre-activations (one array
 *                                    for cells that sum them)
 *   dOut                [M][H]       dLoss/dh_t from above (head, loss or the next layer)
 *   dh, dc              [n]          the running gradients of the current step's h and c
 *   peepholes, peepholeGradients  3 x [n]  p_i, p_f, p_o per sequence and their gradients (peephole LSTM)
 * </pre>
 */
final class FloatLayerTape {
  final int steps;
  final int batch;
  final int hidden;
  final int gates;
  float[] input;
  int inputOffset;
  final float[] mask;
  final float[] maskedInput;
  final float[] pre;
  final float[] hh;
  final float[] h;
  final float[][] c;
  final float[] aux;
  final float[] dPre;
  final float[] dPreHh;
  final float[] dOut;
  final float[] dh;
  final float[] dc;
  final float[][] peepholes;
  final float[][] peepholeGradients;

  FloatLayerTape(ModelConfig config, int layer, int steps, int batch, boolean sumsPreActivations) {
    this.steps = steps;
    this.batch = batch;
    this.hidden = config.hiddenSize();
    this.gates = config.cell().gates();
    int rows = steps * batch;
    int n = batch * hidden;
    mask = layer > 0 ? new float[rows * hidden] : null;
    maskedInput = layer > 0 ? new float[rows * hidden] : null;
    pre = new float[gates * rows * hidden];
    hh = sumsPreActivations ? null : new float[gates * n];
    h = new float[(steps + 1) * n];
    c = config.cell().hasCellState() ? new float[steps + 1][n] : null;
    aux = new float[rows * hidden];
    dPre = new float[gates * rows * hidden];
    dPreHh = sumsPreActivations ? dPre : new float[gates * rows * hidden];
    dOut = new float[rows * hidden];
    dh = new float[n];
    dc = new float[n];
    boolean peep = config.cell().hasPeepholes();
    peepholes = peep ? new float[3][n] : null;
    peepholeGradients = peep ? new float[3][n] : null;
  }

  /** Offset of gate block q of step t in the gate-shaped buffers. */
  int gate(int q, int t) {
    return (q * steps + t) * batch * hidden;
  }
}
