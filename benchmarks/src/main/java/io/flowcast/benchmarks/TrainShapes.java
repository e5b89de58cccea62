package io.flowcast.benchmarks;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.train.Initializers;
import io.flowcast.model.train.Tensor3;
import java.util.Random;

/**
 * The shape and seeded data of the training benchmarks, so that Flowcast and libtorch train the
 * same model on the same batch: one layer, I = 3 inputs, a head of O = 3, B = 32 windows of T = 64
 * steps, Adam (lr 1e-3) with clipping at global norm 1, MSE, weights as PyTorch initialises them.
 */
public final class TrainShapes {
  public static final int INPUT_SIZE = 3;
  public static final int OUTPUT_SIZE = 3;
  public static final int BATCH = 32;
  public static final int STEPS = 64;
  public static final double LEARNING_RATE = 1e-3;
  public static final double CLIP_NORM = 1.0;

  private static final long SEED = 42;

  private TrainShapes() {}

  public static ModelConfig config(CellType cell, int hidden) {
    return new ModelConfig(cell, INPUT_SIZE, hidden, 1, OUTPUT_SIZE);
  }

  /** Seeded PyTorch-default weights. */
  public static ModelParameters parameters(CellType cell, int hidden) {
    ModelParameters parameters = ModelParameters.zeros(config(cell, hidden));
    Initializers.pytorchDefault(parameters, new Random(SEED));
    return parameters;
  }

  /** Seeded inputs {@code [T][B][I]} in [-1, 1). */
  public static Tensor3 inputs() {
    return uniform(INPUT_SIZE, new Random(SEED + 1));
  }

  /** Seeded targets {@code [T][B][O]} in [-1, 1). */
  public static Tensor3 targets() {
    return uniform(OUTPUT_SIZE, new Random(SEED + 2));
  }

  /**
   * Multiply-adds times two of one optimiser step (forward and backward matmuls, the head
   * included, no gradient for the inputs): with M = T*B and G gate blocks, forward {@code 2M GH(I +
   * H) + 2M OH}, backward {@code 2M GH(I + H)} (weight gradients) {@code + 2M GH*H} (dh through
   * W_hh) {@code + 4M OH} (head).
   */
  public static double flops(CellType cell, int hidden) {
    double rows = (double) STEPS * BATCH;
    double gateRows = cell.gates() * hidden;
    return 2 * rows * (gateRows * (2 * INPUT_SIZE + 3 * hidden) + 3 * OUTPUT_SIZE * hidden);
  }

  private static Tensor3 uniform(int width, Random random) {
    Tensor3 t = Tensor3.zeros(STEPS, BATCH, width);
    for (int i = 0; i < t.data().length; i++) {
      t.data()[i] = 2 * random.nextDouble() - 1;
    }
    return t;
  }
}
