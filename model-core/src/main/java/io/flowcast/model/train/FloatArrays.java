package io.flowcast.model.train;

/** Small loops over the float32 trainer's row-major buffers. */
final class FloatArrays {
  private FloatArrays() {}

  /**
   * Copies {@code row[from .. from+cols)} into each of {@code rows} consecutive rows of width
   * {@code cols} of {@code target}, starting at {@code offset}.
   */
  static void fillRows(float[] target, int offset, float[] row, int from, int cols, int rows) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(row, from, target, offset + r * cols, cols);
    }
  }

  /** {@code sums[to + j] += sum_r values[offset + r * cols + j]} for j &lt; cols. */
  static void addColumnSums(float[] values, int offset, int rows, int cols, float[] sums, int to) {
    for (int r = 0; r < rows; r++) {
      int at = offset + r * cols;
      for (int j = 0; j < cols; j++) {
        sums[to + j] += values[at + j];
      }
    }
  }

  /** {@code sums[i] += values[i]}: both from offset 0, so that C2 vectorises it. */
  static void add(float[] sums, float[] values) {
    for (int i = 0; i < sums.length; i++) {
      sums[i] += values[i];
    }
  }

  /** Splits {@code from} into the consecutive arrays {@code to[0], to[1], ...}, as float. */
  static void toFloat(double[] from, float[][] to) {
    int at = 0;
    for (float[] step : to) {
      for (int i = 0; i < step.length; i++) {
        step[i] = (float) from[at + i];
      }
      at += step.length;
    }
  }

  /** Joins the consecutive arrays {@code from[0], from[1], ...} into {@code to}, as double. */
  static void toDouble(float[][] from, double[] to) {
    int at = 0;
    for (float[] step : from) {
      for (int i = 0; i < step.length; i++) {
        to[at + i] = step[i];
      }
      at += step.length;
    }
  }

  /** {@code to[i] = (float) from[i]}. */
  static void toFloat(double[] from, float[] to) {
    for (int i = 0; i < from.length; i++) {
      to[i] = (float) from[i];
    }
  }

  /** {@code to[i] = from[i]}. */
  static void toDouble(float[] from, double[] to) {
    for (int i = 0; i < to.length; i++) {
      to[i] = from[i];
    }
  }

  /**
   * Transposes each of the {@code blocks} consecutive row-major {@code [rows][cols]} blocks of
   * {@code from} in place of the block: {@code to[b][j][i] = from[b][i][j]}, as float.
   */
  static void transposeBlocks(double[] from, int blocks, int rows, int cols, float[] to) {
    for (int at = 0; at < blocks * rows * cols; at += rows * cols) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          to[at + j * rows + i] = (float) from[at + i * cols + j];
        }
      }
    }
  }

  /** {@link #transposeBlocks(double[], int, int, int, float[])} from float to double. */
  static void transposeBlocks(float[] from, int blocks, int rows, int cols, double[] to) {
    for (int at = 0; at < blocks * rows * cols; at += rows * cols) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          to[at + j * rows + i] = from[at + i * cols + j];
        }
      }
    }
  }
}
