package io.flowcast.model.train;

/**
 * LSTM, gate blocks i, f, g, o (PyTorch order), optionally with peepholes (ONNX semantics): with
 * {@code a = W_ih x + b_ih + W_hh h + b_hh},
 *
 * <pre>
 *   i  = s(a_i + p_i * c)        f = s(a_f + p_f * c)        g = tanh(a_g)
 *   c' = f * c + i * g
 *   o  = s(a_o + p_o * c')       h' = o * tanh(c')
 * </pre>
 *
 * The plain LSTM is the same with {@code p = 0}. Backward, with {@code dc'} = incoming {@code dc'} +
 * {@code dh' * o * (1 - tanh(c')^2) + da_o * p_o}: {@code da_o = dh' tanh(c') o(1-o)}, {@code da_i =
 * dc' g i(1-i)}, {@code da_f = dc' c f(1-f)}, {@code da_g = dc' i (1-g^2)}, {@code dc = dc' f + da_i
 * p_i + da_f p_f}, {@code dp_i += da_i c}, {@code dp_f += da_f c}, {@code dp_o += da_o c'}.
 */
final class LstmCell implements Cell {
  private final boolean peepholes;

  LstmCell(boolean peepholes) {
    this.peepholes = peepholes;
  }

  @Override
  public CellStep forward(
      LayerWeights weights, int batch, double[] preIh, double[] preHh, double[] h, double[] c) {
    int hidden = weights.hiddenSize();
    int rows = 4 * hidden;
    double[] gates = new double[batch * rows];
    double[] tanhC = new double[batch * hidden];
    double[] nextH = new double[batch * hidden];
    double[] nextC = new double[batch * hidden];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < hidden; j++) {
        int g0 = b * rows + j;
        int s = b * hidden + j;
        double cPrev = c[s];
        double i = Cell.sigmoid(preIh[g0] + preHh[g0] + peep(weights.peepholeI(), j) * cPrev);
        int fIdx = g0 + hidden;
        double f = Cell.sigmoid(preIh[fIdx] + preHh[fIdx] + peep(weights.peepholeF(), j) * cPrev);
        int gIdx = fIdx + hidden;
        double g = Math.tanh(preIh[gIdx] + preHh[gIdx]);
        double cNew = f * cPrev + i * g;
        int oIdx = gIdx + hidden;
        double o = Cell.sigmoid(preIh[oIdx] + preHh[oIdx] + peep(weights.peepholeO(), j) * cNew);
        gates[g0] = i;
        gates[fIdx] = f;
        gates[gIdx] = g;
        gates[oIdx] = o;
        nextC[s] = cNew;
        tanhC[s] = Math.tanh(cNew);
        nextH[s] = o * tanhC[s];
      }
    }
    return new CellStep(h, c, gates, tanhC, nextH, nextC);
  }

  @Override
  public void backward(LayerWeights weights, LayerWeights grads, CellStep step, CellGradients buffers) {
    double[] dhNext = buffers.dhNext();
    double[] dcNext = buffers.dcNext();
    double[] dPreIh = buffers.dPreIh();
    double[] dPreHh = buffers.dPreHh();
    double[] dh = buffers.dh();
    double[] dc = buffers.dc();
    int hidden = weights.hiddenSize();
    int rows = 4 * hidden;
    int batch = dhNext.length / hidden;
    double[] gates = step.gates();
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < hidden; j++) {
        int g0 = b * rows + j;
        int s = b * hidden + j;
        double i = gates[g0];
        double f = gates[g0 + hidden];
        double g = gates[g0 + 2 * hidden];
        double o = gates[g0 + 3 * hidden];
        double cPrev = step.cPrev()[s];
        double tanhC = step.aux()[s];
        double daO = dhNext[s] * tanhC * o * (1 - o);
        double dcNew = dcNext[s] + dhNext[s] * o * (1 - tanhC * tanhC) + daO * peep(weights.peepholeO(), j);
        double daI = dcNew * g * i * (1 - i);
        double daF = dcNew * cPrev * f * (1 - f);
        double daG = dcNew * i * (1 - g * g);
        dc[s] = dcNew * f + daI * peep(weights.peepholeI(), j) + daF * peep(weights.peepholeF(), j);
        dh[s] = 0;
        if (peepholes) {
          grads.peepholeI()[j] += daI * cPrev;
          grads.peepholeF()[j] += daF * cPrev;
          grads.peepholeO()[j] += daO * step.c()[s];
        }
        setBoth(dPreIh, dPreHh, g0, daI);
        setBoth(dPreIh, dPreHh, g0 + hidden, daF);
        setBoth(dPreIh, dPreHh, g0 + 2 * hidden, daG);
        setBoth(dPreIh, dPreHh, g0 + 3 * hidden, daO);
      }
    }
  }

  /** In an LSTM both pre-activations enter the gate as a plain sum, so they share a gradient. */
  private static void setBoth(double[] dPreIh, double[] dPreHh, int index, double value) {
    dPreIh[index] = value;
    dPreHh[index] = value;
  }

  private double peep(double[] vector, int j) {
    return peepholes ? vector[j] : 0;
  }
}
