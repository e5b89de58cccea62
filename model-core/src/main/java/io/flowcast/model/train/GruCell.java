package io.flowcast.model.train;

/**
 * GRU, gate blocks r, z, n (PyTorch order, reset applied after the matmul): with {@code u = W_ih x +
 * b_ih} and {@code v = W_hh h + b_hh},
 *
 * <pre>
 *   r = s(u_r + v_r)    z = s(u_z + v_z)    n = tanh(u_n + r * v_n)    h' = (1 - z) * n + z * h
 * </pre>
 *
 * Backward: {@code da_n = dh' (1-z) (1-n^2)}, {@code da_z = dh' (h-n) z(1-z)}, {@code da_r = da_n v_n
 * r(1-r)}; {@code du = [da_r, da_z, da_n]}, {@code dv = [da_r, da_z, da_n * r]}; direct {@code dh =
 * dh' z}.
 */
final class GruCell implements Cell {

  @Override
  public CellStep forward(
      LayerWeights weights, int batch, double[] preIh, double[] preHh, double[] h, double[] c) {
    int hidden = weights.hiddenSize();
    int rows = 3 * hidden;
    double[] gates = new double[batch * rows];
    double[] hhN = new double[batch * hidden];
    double[] next = new double[batch * hidden];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < hidden; j++) {
        int rIdx = b * rows + j;
        int zIdx = rIdx + hidden;
        int nIdx = zIdx + hidden;
        int s = b * hidden + j;
        double r = Cell.sigmoid(preIh[rIdx] + preHh[rIdx]);
        double z = Cell.sigmoid(preIh[zIdx] + preHh[zIdx]);
        double n = Math.tanh(preIh[nIdx] + r * preHh[nIdx]);
        gates[rIdx] = r;
        gates[zIdx] = z;
        gates[nIdx] = n;
        hhN[s] = preHh[nIdx];
        next[s] = (1 - z) * n + z * h[s];
      }
    }
    return new CellStep(h, null, gates, hhN, next, null);
  }

  @Override
  public void backward(LayerWeights weights, LayerWeights grads, CellStep step, CellGradients buffers) {
    double[] dhNext = buffers.dhNext();
    double[] dPreIh = buffers.dPreIh();
    double[] dPreHh = buffers.dPreHh();
    double[] dh = buffers.dh();
    int hidden = weights.hiddenSize();
    int rows = 3 * hidden;
    int batch = dhNext.length / hidden;
    double[] gates = step.gates();
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < hidden; j++) {
        int rIdx = b * rows + j;
        int zIdx = rIdx + hidden;
        int nIdx = zIdx + hidden;
        int s = b * hidden + j;
        double r = gates[rIdx];
        double z = gates[zIdx];
        double n = gates[nIdx];
        double d = dhNext[s];
        double daN = d * (1 - z) * (1 - n * n);
        double daZ = d * (step.hPrev()[s] - n) * z * (1 - z);
        double daR = daN * step.aux()[s] * r * (1 - r);
        dPreIh[rIdx] = daR;
        dPreIh[zIdx] = daZ;
        dPreIh[nIdx] = daN;
        dPreHh[rIdx] = daR;
        dPreHh[zIdx] = daZ;
        dPreHh[nIdx] = daN * r;
        dh[s] = d * z;
      }
    }
  }
}
