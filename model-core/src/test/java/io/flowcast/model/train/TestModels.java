package io.flowcast.model.train;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.util.Map;
import java.util.Random;

/** Tiny fixtures shared by the optimiser, clipping and trainer tests. */
final class TestModels {
  /** An RNN with I = H = 1 and no head: four one-value tensors. */
  static final ModelConfig SCALAR_RNN = new ModelConfig(CellType.RNN, 1, 1, 1, 0);

  /** Steps and sequences of {@link #sineBatch}. */
  static final int SINE_STEPS = 20;
  static final int SINE_BATCH = 8;

  private TestModels() {}

  /** Sine waves (the trainer tests' learnable sequence) with different phases: input x_t, target x_{t+1}. */
  static Tensor3[] sineBatch() {
    Tensor3 inputs = Tensor3.zeros(SINE_STEPS, SINE_BATCH, 1);
    Tensor3 targets = Tensor3.zeros(SINE_STEPS, SINE_BATCH, 1);
    for (int b = 0; b < SINE_BATCH; b++) {
      double phase = 2 * Math.PI * b / SINE_BATCH;
      for (int t = 0; t < SINE_STEPS; t++) {
        inputs.set(t, b, 0, Math.sin(0.4 * t + phase));
        targets.set(t, b, 0, Math.sin(0.4 * (t + 1) + phase));
      }
    }
    return new Tensor3[] {inputs, targets};
  }

  /** A model with I = 1, H = 12 for {@link #sineBatch}, PyTorch-default weights, seed 42. */
  static ModelParameters sineModel(CellType cell, int layers, int outputs) {
    ModelParameters p = ModelParameters.zeros(new ModelConfig(cell, 1, 12, layers, outputs));
    Initializers.pytorchDefault(p, new Random(42));
    return p;
  }

  /** {@link #SCALAR_RNN} parameters with every tensor set to {@code value}. */
  static ModelParameters scalarParameters(double value) {
    return ModelParameters.of(
        SCALAR_RNN,
        Map.of(
            ParameterSpec.weightIh(0), new double[] {value},
            ParameterSpec.weightHh(0), new double[] {value},
            ParameterSpec.biasIh(0), new double[] {value},
            ParameterSpec.biasHh(0), new double[] {value}));
  }

  /** {@link #SCALAR_RNN} gradients with every tensor set to {@code value}. */
  static Gradients scalarGradients(double value) {
    Gradients gradients = Gradients.zeros(SCALAR_RNN);
    gradients.asMap().values().forEach(g -> g[0] = value);
    return gradients;
  }
}
