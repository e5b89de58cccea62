package io.flowcast.benchmarks;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.train.Initializers;
import java.util.Random;

/**
 * The shapes and seeded data every step benchmark shares, so that Flowcast and the baselines run
 * the same model: I = 4 inputs, H = 64 hidden units, no head, weights as PyTorch initialises them.
 */
public final class StepShapes {
  /** Inputs per key (I). */
  public static final int INPUT_SIZE = 4;
  /** Hidden units per layer (H). */
  public static final int HIDDEN_SIZE = 64;
  /** Native threads when {@code OMP_NUM_THREADS} is not set: this machine's 2 cores. */
  private static final int DEFAULT_NATIVE_THREADS = 2;

  private static final long SEED = 42;

  private StepShapes() {}

  /** The benchmarked model: {@code cell}, I = 4, H = 64, {@code layers} layers, no head. */
  public static ModelConfig config(CellType cell, int layers) {
    return new ModelConfig(cell, INPUT_SIZE, HIDDEN_SIZE, layers, 0);
  }

  /** Seeded PyTorch-default weights for {@link #config}. */
  public static ModelParameters parameters(CellType cell, int layers) {
    ModelParameters parameters = ModelParameters.zeros(config(cell, layers));
    Initializers.pytorchDefault(parameters, new Random(SEED));
    return parameters;
  }

  /** Seeded inputs in [-1, 1) for {@code batch} keys, row-major [batch, I]. */
  public static float[] inputs(int batch) {
    return uniform(batch * INPUT_SIZE, new Random(SEED + 1));
  }

  /** {@code count} seeded floats in [-1, 1). */
  public static float[] uniform(int count, Random random) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = 2 * random.nextFloat() - 1;
    }
    return values;
  }

  /**
   * Threads for the native engines: {@code OMP_NUM_THREADS} (which ND4J/OpenBLAS read themselves)
   * or 2, so that libtorch, set from this, runs on as many threads as ND4J.
   */
  public static int nativeThreads() {
    String value = System.getenv("OMP_NUM_THREADS");
    return value == null || value.isBlank() ? DEFAULT_NATIVE_THREADS : Integer.parseInt(value.trim());
  }

  /** Rows K = 1 + I + H of layer 0's packed gate matrix: bias, inputs, hidden state. */
  public static int gateMatmulRows() {
    return 1 + INPUT_SIZE + HIDDEN_SIZE;
  }

  /** Columns N = 4H of the packed gate matrix: LSTM i, f, g, o (GRU r, z, n_x, n_h packs 4H too). */
  public static int gateMatmulColumns() {
    return 4 * HIDDEN_SIZE;
  }
}
