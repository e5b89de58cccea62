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

  /** {@code to[j][i] = from[i][j]} for a row-major {@code from[rows][cols]}, as float. */
  static void transpose(double[] from, int rows, int cols, float[] to) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        to[j * rows + i] = (float) from[i * cols + j];
      }
    }
  }

  /** {@code to[j][i] = from[i][j]} for a row-major {@code from[rows][cols]}, as double. */
  static void transpose(float[] from, int rows, int cols, double[] to) {
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        to[j * rows + i] = from[i * cols + j];
      }
    }
  }
}
