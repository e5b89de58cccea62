package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import org.junit.jupiter.api.Test;

class AdamTest {

  @Test
  void firstStepMatchesHandComputation() {
    // p = 0.5, g = 0.2, lr = 0.1: m = 0.02, v = 4e-5, step size 0.1 / 0.1 = 1,
    // denominator sqrt(4e-5) / sqrt(0.001) + 1e-8 = 0.20000001, update 0.02 / 0.20000001
    ModelParameters p = TestModels.scalarParameters(0.5);
    new Adam(0.1).step(p, TestModels.scalarGradients(0.2));
    assertThat(p.get(ParameterSpec.weightIh(0))[0]).isCloseTo(0.400000005, within(1e-15));
  }

  @Test
  void firstStepWithWeightDecayUsesTheDecayedGradient() {
    // g' = 0.2 + 0.1 * 0.5 = 0.25: update 0.025 / (0.25 + 1e-8)
    ModelParameters p = TestModels.scalarParameters(0.5);
    new Adam(0.1, 0.9, 0.999, 1e-8, 0.1).step(p, TestModels.scalarGradients(0.2));
    assertThat(p.get(ParameterSpec.biasIh(0))[0]).isCloseTo(0.400000004, within(1e-15));
  }

  @Test
  void biasCorrectionMakesEveryStepOfAConstantGradientAboutLr() {
    ModelParameters p = TestModels.scalarParameters(0.5);
    Adam adam = new Adam(0.01);
    for (int i = 0; i < 5; i++) {
      adam.step(p, TestModels.scalarGradients(-3));
    }
    assertThat(p.get(ParameterSpec.weightHh(0))[0]).isCloseTo(0.55, within(1e-9));
  }

  @Test
  void rejectsGradientsOfAnotherModel() {
    Gradients other = Gradients.zeros(new ModelConfig(CellType.GRU, 1, 1, 1, 0));
    assertThatThrownBy(() -> new Adam(0.1).step(TestModels.scalarParameters(0), other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("do not fit");
    assertThatThrownBy(() -> new Adam(0.1, 0.9, 1.0, 1e-8, 0)).hasMessageContaining("beta2");
  }
}
