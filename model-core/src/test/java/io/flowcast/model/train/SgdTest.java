package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import org.junit.jupiter.api.Test;

class SgdTest {
  private static final double TOL = 1e-15;

  @Test
  void momentumBufferStartsAtTheGradientAndAccumulates() {
    ModelParameters p = TestModels.scalarParameters(1);
    Sgd sgd = new Sgd(0.1, 0.9, 0);
    sgd.step(p, TestModels.scalarGradients(0.5));
    assertThat(p.get(ParameterSpec.weightIh(0))[0]).isCloseTo(0.95, within(TOL));
    sgd.step(p, TestModels.scalarGradients(0.5));
    // buf = 0.9 * 0.5 + 0.5 = 0.95
    assertThat(p.get(ParameterSpec.weightIh(0))[0]).isCloseTo(0.95 - 0.095, within(TOL));
  }

  @Test
  void weightDecayIsAddedToTheGradientOfEveryTensor() {
    ModelParameters p = TestModels.scalarParameters(1);
    Gradients g = TestModels.scalarGradients(0.5);
    new Sgd(0.1, 0, 0.01).step(p, g);
    p.asMap().values().forEach(v -> assertThat(v[0]).isCloseTo(1 - 0.1 * (0.5 + 0.01), within(TOL)));
    assertThat(g.get(ParameterSpec.biasHh(0))[0]).as("gradients untouched").isEqualTo(0.5);
  }

  @Test
  void rejectsBadHyperparameters() {
    assertThatThrownBy(() -> new Sgd(0, 0, 0)).hasMessageContaining("learning rate");
    assertThatThrownBy(() -> new Sgd(0.1, 1, 0)).hasMessageContaining("momentum");
    assertThatThrownBy(() -> new Sgd(0.1, 0, -1)).hasMessageContaining("weight decay");
  }
}
