package io.flowcast.model.step;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;

/**
 * One layer's weights packed for the step: a matrix W [K, N] such that the gate pre-activations of
 * a key are {@code [1, x, h] · W}, K = 1 + I_k + H, N = blocks * H. It is held as {@code
 * blockRows[q][j]}: the H weights of input j for gate block q, each its own array, so the JIT
 * vectorises the loops over them (it does not vectorise loops over one array at several offsets).
 *
 * <p>Row 0 holds the biases, rows 1..I_k hold {@code weight_ih^T}, the last H rows {@code
 * weight_hh^T}. Columns are the gate blocks in PyTorch order, H each:
 *
 * <ul>
 *   <li>RNN: one block, bias b_ih + b_hh.
 *   <li>LSTM (with or without peepholes): i, f, g, o, bias b_ih + b_hh.
 *   <li>GRU: r, z, n_x, n_h (N = 4H): r and z sum both matmuls and both biases; n_x holds only W_in
 *       x + b_in (zeros in the h rows) and n_h only W_hn h + b_hn (zeros in the x rows), because the
 *       reset gate multiplies the hidden part alone: n = tanh(n_x + r * n_h).
 * </ul>
 *
 * Peephole vectors are zero for the plain LSTM, so one kernel serves both LSTM kinds; they are
 * repeated {@link CellKernel#TILE} times so the kernels can run over a tile of keys in one loop.
 */
public final class PackedLayer {
  final int inputSize;
  final int hiddenSize;
  final int rows;
  final int columns;
  final int blocks;
  final float[][][] blockRows;
  final float[] peepholeI;
  final float[] peepholeF;
  final float[] peepholeO;

  private PackedLayer(int inputSize, int hiddenSize, int columns) {
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.rows = 1 + inputSize + hiddenSize;
    this.columns = columns;
    this.blocks = columns / hiddenSize;
    this.blockRows = new float[blocks][rows][hiddenSize];
    this.peepholeI = new float[CellKernel.TILE * hiddenSize];
    this.peepholeF = new float[CellKernel.TILE * hiddenSize];
    this.peepholeO = new float[CellKernel.TILE * hiddenSize];
  }

  /** Number of gate columns N for a cell of hidden size H. */
  static int columnsFor(CellType cell, int hiddenSize) {
    return (cell == CellType.GRU ? 4 : cell.gates()) * hiddenSize;
  }

  /**
   * Packs layer {@code layer} of {@code params}, rounding each tensor to float first (biases are
   * summed after rounding), so a model held in double and the same model read from an F32 file
   * pack identically.
   */
  static PackedLayer pack(ModelParameters params, int layer) {
    ModelConfig config = params.config();
    CellType cell = config.cell();
    int hidden = config.hiddenSize();
    int input = config.layerInputSize(layer);
    PackedLayer packed = new PackedLayer(input, hidden, columnsFor(cell, hidden));
    double[] wIh = params.get(ParameterSpec.weightIh(layer));
    double[] wHh = params.get(ParameterSpec.weightHh(layer));
    double[] bIh = params.get(ParameterSpec.biasIh(layer));
    double[] bHh = params.get(ParameterSpec.biasHh(layer));
    int gateRows = config.gateRows();
    for (int gateRow = 0; gateRow < gateRows; gateRow++) {
      boolean gruNewGate = cell == CellType.GRU && gateRow >= 2 * hidden;
      int inputColumn = gateRow;
      int hiddenColumn = gruNewGate ? gateRow + hidden : gateRow;
      if (gruNewGate) {
        packed.set(0, inputColumn, bIh[gateRow]);
        packed.set(0, hiddenColumn, bHh[gateRow]);
      } else {
        packed.set(0, inputColumn, (float) bIh[gateRow] + (float) bHh[gateRow]);
      }
      for (int j = 0; j < input; j++) {
        packed.set(1 + j, inputColumn, wIh[gateRow * input + j]);
      }
      for (int j = 0; j < hidden; j++) {
        packed.set(1 + input + j, hiddenColumn, wHh[gateRow * hidden + j]);
      }
    }
    if (cell.hasPeepholes()) {
      copyToFloat(params.get(ParameterSpec.peephole('i', layer)), packed.peepholeI);
      copyToFloat(params.get(ParameterSpec.peephole('f', layer)), packed.peepholeF);
      copyToFloat(params.get(ParameterSpec.peephole('o', layer)), packed.peepholeO);
    }
    return packed;
  }

  private void set(int row, int column, double value) {
    blockRows[column / hiddenSize][row][column % hiddenSize] = (float) value;
  }

  /** H. */
  public int hiddenSize() {
    return hiddenSize;
  }

  /** K = 1 + I_k + H, the length of a key's row {@code [1, x, h]}. */
  public int rows() {
    return rows;
  }

  /** N = blocks * H, the gate pre-activations per key. */
  public int columns() {
    return columns;
  }

  /** The peephole vectors p_i, p_f, p_o (H each; zeros for the plain LSTM), as one [3H] array. */
  public float[] peepholes() {
    float[] all = new float[3 * hiddenSize];
    System.arraycopy(peepholeI, 0, all, 0, hiddenSize);
    System.arraycopy(peepholeF, 0, all, hiddenSize, hiddenSize);
    System.arraycopy(peepholeO, 0, all, 2 * hiddenSize, hiddenSize);
    return all;
  }

  /** W as one row-major [K, N] array (for BLAS and device engines). */
  public float[] toRowMajor() {
    float[] matrix = new float[rows * columns];
    for (int q = 0; q < blocks; q++) {
      for (int row = 0; row < rows; row++) {
        System.arraycopy(blockRows[q][row], 0, matrix, row * columns + q * hiddenSize, hiddenSize);
      }
    }
    return matrix;
  }

  private static void copyToFloat(double[] from, float[] tiled) {
    for (int i = 0; i < tiled.length; i++) {
      tiled[i] = (float) from[i % from.length];
    }
  }
}
