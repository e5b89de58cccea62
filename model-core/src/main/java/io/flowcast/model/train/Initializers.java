package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Seeded weight initialisation, in place. Tensors are drawn in state_dict order from the given
 * {@link Random}, so a seed reproduces the same weights.
 *
 * <ul>
 *   <li>{@link #pytorchDefault}: as {@code nn.RNN/LSTM/GRU}, every recurrent tensor (weights,
 *       biases and peephole vectors) ~ {@code U(-1/sqrt(H), 1/sqrt(H))}; head as {@code nn.Linear}.
 *   <li>{@link #xavierOrthogonal}: {@code weight_ih} Glorot-uniform over the whole {@code [G*H, I_k]}
 *       tensor (as {@code torch.nn.init.xavier_uniform_}), each {@code H x H} gate block of {@code
 *       weight_hh} an independent random orthogonal matrix, biases and peepholes zero (so a peephole
 *       LSTM starts as a plain LSTM); head as {@code nn.Linear}.
 * </ul>
 *
 * The head ({@code nn.Linear} default) is {@code out.weight, out.bias ~ U(-1/sqrt(H), 1/sqrt(H))}.
 */
public final class Initializers {
  private Initializers() {}

  /** PyTorch's default initialisation (see class javadoc). */
  public static void pytorchDefault(ModelParameters parameters, Random random) {
    double bound = 1 / Math.sqrt(parameters.config().hiddenSize());
    for (double[] values : parameters.asMap().values()) {
      uniform(values, bound, random);
    }
  }

  /** Xavier input weights, orthogonal recurrent gate blocks, zero biases/peepholes (class javadoc). */
  public static void xavierOrthogonal(ModelParameters parameters, Random random) {
    ModelConfig config = parameters.config();
    int hidden = config.hiddenSize();
    for (Map.Entry<String, double[]> entry : parameters.asMap().entrySet()) {
      String name = entry.getKey();
      double[] values = entry.getValue();
      if (name.startsWith("weight_ih_l")) {
        xavierUniform(values, config.gateRows(), values.length / config.gateRows(), random);
      } else if (name.startsWith("weight_hh_l")) {
        for (int block = 0; block < config.cell().gates(); block++) {
          orthogonal(values, block * hidden * hidden, hidden, random);
        }
      } else if (name.equals(ParameterSpec.HEAD_WEIGHT) || name.equals(ParameterSpec.HEAD_BIAS)) {
        uniform(values, 1 / Math.sqrt(hidden), random);
      } else {
        Arrays.fill(values, 0);
      }
    }
  }

  /** Fills {@code values} with {@code U(-bound, bound)}. */
  public static void uniform(double[] values, double bound, Random random) {
    for (int i = 0; i < values.length; i++) {
      values[i] = bound * (2 * random.nextDouble() - 1);
    }
  }

  /** Glorot uniform for a {@code [rows][cols]} weight: {@code U(+-sqrt(6 / (rows + cols)))}. */
  public static void xavierUniform(double[] weight, int rows, int cols, Random random) {
    if (weight.length != rows * cols) {
      throw new IllegalArgumentException("weight has " + weight.length + " values, not " + rows + "x" + cols);
    }
    uniform(weight, Math.sqrt(6.0 / (rows + cols)), random);
  }

  /**
   * Writes a random orthogonal {@code n x n} matrix (row-major) at {@code offset}: a Gaussian matrix
   * orthonormalised row by row with modified Gram–Schmidt, applied twice for numerical stability.
   * Equivalent to QR with the sign convention of {@code torch.nn.init.orthogonal_} (positive
   * diagonal of R), so it is Haar-distributed.
   */
  public static void orthogonal(double[] target, int offset, int n, Random random) {
    double[][] rows = new double[n][n];
    for (double[] row : rows) {
      for (int j = 0; j < n; j++) {
        row[j] = random.nextGaussian();
      }
    }
    for (int i = 0; i < n; i++) {
      for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < i; k++) {
          double dot = dot(rows[i], rows[k]);
          for (int j = 0; j < n; j++) {
            rows[i][j] -= dot * rows[k][j];
          }
        }
      }
      double norm = Math.sqrt(dot(rows[i], rows[i]));
      for (int j = 0; j < n; j++) {
        rows[i][j] /= norm;
        target[offset + i * n + j] = rows[i][j];
      }
    }
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
