package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.ParameterSpec;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

  /** Four tensors of one value each, 2.5: global norm 5. */
  private static Gradients normFive() {
    return TestModels.scalarGradients(2.5);
  }

  @Test
  void scalesDownToTheMaxNormLikeClipGradNorm() {
    Gradients g = normFive();
    double norm = GradientClipping.clipByGlobalNorm(g, 1);
    assertThat(norm).isCloseTo(5, within(1e-15));
    assertThat(g.get(ParameterSpec.weightIh(0))[0]).isCloseTo(2.5 / (5 + 1e-6), within(1e-15));
    assertThat(g.globalNorm()).isCloseTo(1, within(1e-6));
  }

  @Test
  void leavesSmallGradientsAlone() {
    Gradients g = normFive();
    assertThat(GradientClipping.clipByGlobalNorm(g, 10)).isCloseTo(5, within(1e-15));
    assertThat(g.get(ParameterSpec.biasHh(0))[0]).isEqualTo(2.5);
  }

  @Test
  void leavesNonFiniteGradientsAloneAndRejectsBadMaxNorm() {
    Gradients g = normFive();
    g.get(ParameterSpec.biasIh(0))[0] = Double.NaN;
    assertThat(GradientClipping.clipByGlobalNorm(g, 1)).isNaN();
    assertThat(g.get(ParameterSpec.weightIh(0))[0]).isEqualTo(2.5);
    assertThatThrownBy(() -> GradientClipping.clipByGlobalNorm(normFive(), 0))
        .hasMessageContaining("max norm");
  }
}
