package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;

/**
 * One layer's buffers of a float32 forward and backward pass over T steps of B sequences (M = T*B
 * rows, row {@code t*B + b}; N = G*H gate columns), allocated once per shape and reused:
 *
 * <pre>
 *   input, inputOffset  [M][I_k]  the layer's input (the network's inputs, or the layer below's h)
 *   mask, maskedInput   [M][H]    dropout masks and the layer below's h times them (k &gt;= 1)
 *   pre                 [M][N]    pre-activations, replaced in place by the activated gates
 *   hh                  [B][N]    W_hh h + b_hh of the current step (cells that keep it apart: GRU)
 *   h                   [T+1][B][H]  h_{t-1} at slot t: slot 0 is the zero initial state
 *   c                   [T+1] x [B*H]  c likewise, one array per slot (LSTM kinds, else null)
 *   aux                 [M][H]    LSTM tanh(c_t), GRU W_hn h + b_hn (unused by the RNN)
 *   dPre, dPreHh        [M][N]    gradients of the input and hidden pre-activations (the same
 *                                 array for cells that sum them)
 *   dOut                [M][H]    dLoss/dh_t from above (head, loss or the next layer)
 *   dh, dc              [B][H]    the running gradients of the current step's h and c
 * </pre>
 */
final class FloatLayerTape {
  final int steps;
  final int batch;
  final int hidden;
  final int columns;
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

  FloatLayerTape(ModelConfig config, int layer, int steps, int batch, boolean sumsPreActivations) {
    this.steps = steps;
    this.batch = batch;
    this.hidden = config.hiddenSize();
    this.columns = config.gateRows();
    int rows = steps * batch;
    mask = layer > 0 ? new float[rows * hidden] : null;
    maskedInput = layer > 0 ? new float[rows * hidden] : null;
    pre = new float[rows * columns];
    hh = sumsPreActivations ? null : new float[batch * columns];
    h = new float[(steps + 1) * batch * hidden];
    c = config.cell().hasCellState() ? new float[steps + 1][batch * hidden] : null;
    aux = new float[rows * hidden];
    dPre = new float[rows * columns];
    dPreHh = sumsPreActivations ? dPre : new float[rows * columns];
    dOut = new float[rows * hidden];
    dh = new float[batch * hidden];
    dc = new float[batch * hidden];
  }
}
