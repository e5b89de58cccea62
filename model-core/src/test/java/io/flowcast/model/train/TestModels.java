package io.flowcast.model.train;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.util.Map;

/** Tiny fixtures shared by the optimiser and clipping tests. */
final class TestModels {
  /** An RNN with I = H = 1 and no head: four one-value tensors. */
  static final ModelConfig SCALAR_RNN = new ModelConfig(CellType.RNN, 1, 1, 1, 0);

  private TestModels() {}

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
