package io.flowcast.model.train;

/**
 * Batched affine map {@code y = W x + b} and its backward pass, for a row-major weight {@code W
 * [rows][cols]}, inputs {@code x [batch][cols]} and outputs {@code y [batch][rows]}.
 */
final class Dense {
  private Dense() {}

  static double[] forward(double[] weight, double[] bias, double[] x, int batch, int rows, int cols) {
    double[] y = new double[batch * rows];
    for (int b = 0; b < batch; b++) {
      int xOffset = b * cols;
      for (int r = 0; r < rows; r++) {
        double sum = bias[r];
        int wOffset = r * cols;
        for (int c = 0; c < cols; c++) {
          sum += weight[wOffset + c] * x[xOffset + c];
        }
        y[b * rows + r] = sum;
      }
    }
    return y;
  }

  /**
   * Accumulates {@code dW += dy^T x}, {@code db += sum_b dy} and {@code dx += dy W} (all {@code +=}).
   */
  static void backward(
      double[] weight,
      double[] x,
      double[] dy,
      int batch,
      int rows,
      int cols,
      double[] dWeight,
      double[] dBias,
      double[] dx) {
    for (int b = 0; b < batch; b++) {
      int xOffset = b * cols;
      for (int r = 0; r < rows; r++) {
        double g = dy[b * rows + r];
        if (g == 0) {
          continue;
        }
        dBias[r] += g;
        int wOffset = r * cols;
        for (int c = 0; c < cols; c++) {
          dWeight[wOffset + c] += g * x[xOffset + c];
          dx[xOffset + c] += g * weight[wOffset + c];
        }
      }
    }
  }
}
