package io.flowcast.model.testutils;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.step.StateLayout;
import io.flowcast.model.train.Initializers;
import java.util.Random;

/**
 * Seeded random models, sequences and states for the parity tests, plus conversions between the
 * nested {@code [X][Y][Z]} arrays of {@code forward} and the flat per-key buffers of the stepper.
 */
public final class RandomModels {
  private RandomModels() {}

  /**
   * Parameters with every tensor ~ U(-scale/sqrt(H), scale/sqrt(H)), each value rounded to float
   * so that float32 and float64 references see the very same model.
   */
  public static ModelParameters parameters(ModelConfig config, double scale, Random random) {
    ModelParameters parameters = ModelParameters.zeros(config);
    Initializers.pytorchDefault(parameters, random);
    for (double[] values : parameters.asMap().values()) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (values[i] * scale);
      }
    }
    return parameters;
  }

  /** {@link #parameters(ModelConfig, double, Random)} with PyTorch's default scale (1). */
  public static ModelParameters parameters(ModelConfig config, long seed) {
    return parameters(config, 1.0, new Random(seed));
  }

  /** A [d0][d1][d2] array of floats ~ U(-bound, bound). */
  public static float[][][] uniform(int d0, int d1, int d2, double bound, Random random) {
    float[][][] values = new float[d0][d1][d2];
    for (float[][] matrix : values) {
      for (float[] row : matrix) {
        for (int k = 0; k < row.length; k++) {
          row[k] = (float) (bound * (2 * random.nextDouble() - 1));
        }
      }
    }
    return values;
  }

  /** Flat state buffer [B * stateSize] holding h0 and c0 ([L][B][H] each; null = zeros). */
  public static float[] packStates(StateLayout layout, float[][][] h0, float[][][] c0, int batch) {
    float[] states = new float[batch * layout.size()];
    for (int layer = 0; layer < layout.numLayers(); layer++) {
      for (int b = 0; b < batch; b++) {
        if (h0 != null) {
          System.arraycopy(h0[layer][b], 0, states, b * layout.size() + layout.hiddenOffset(layer), layout.hiddenSize());
        }
        if (c0 != null) {
          System.arraycopy(c0[layer][b], 0, states, b * layout.size() + layout.cellOffset(layer), layout.hiddenSize());
        }
      }
    }
    return states;
  }

  /** Key b's h (hidden = true) or c of one layer, read from a flat state buffer. */
  public static float[] stateOf(StateLayout layout, float[] states, int b, int layer, boolean hidden) {
    int offset = b * layout.size() + (hidden ? layout.hiddenOffset(layer) : layout.cellOffset(layer));
    float[] values = new float[layout.hiddenSize()];
    System.arraycopy(states, offset, values, 0, values.length);
    return values;
  }

  /** Row-major flattening of step t of a [T][B][I] sequence: the stepper's input buffer. */
  public static float[] stepInputs(float[][][] sequence, int t) {
    int batch = sequence[t].length;
    int width = sequence[t][0].length;
    float[] flat = new float[batch * width];
    for (int b = 0; b < batch; b++) {
      System.arraycopy(sequence[t][b], 0, flat, b * width, width);
    }
    return flat;
  }

  /** Widens a [X][Y][Z] float array to double (null stays null). */
  public static double[][][] toDouble(float[][][] cube) {
    if (cube == null) {
      return null;
    }
    double[][][] result = new double[cube.length][][];
    for (int i = 0; i < cube.length; i++) {
      result[i] = new double[cube[i].length][];
      for (int j = 0; j < cube[i].length; j++) {
        result[i][j] = new double[cube[i][j].length];
        for (int k = 0; k < cube[i][j].length; k++) {
          result[i][j][k] = cube[i][j][k];
        }
      }
    }
    return result;
  }
}
