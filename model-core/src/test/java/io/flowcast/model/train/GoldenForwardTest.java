package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.testutils.GoldenCase;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Known-answer test of the float64 forward against every case in the golden directory (1e-9). */
class GoldenForwardTest {
  private static final double TOLERANCE = 1e-9;

  static Stream<GoldenCase> cases() {
    return GoldenCase.stream();
  }

  @Test
  void everyCaseIsLoaded() {
    assertThat(GoldenCase.all()).hasSize(40);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGolden(GoldenCase golden) {
    ModelConfig config = golden.parameters().config();
    Tensor3 c0 = config.cell().hasCellState() ? Tensor3.of(golden.c0()) : null;
    ForwardPass pass =
        new DoubleNetwork(golden.parameters())
            .forward(Tensor3.of(golden.input()), new RecurrentState(Tensor3.of(golden.h0()), c0), Dropout.DISABLED);

    assertClose("output", pass.output(), golden.output());
    assertClose("h_n", pass.finalState().h(), golden.hN());
    if (config.cell().hasCellState()) {
      assertClose("c_n", pass.finalState().c(), golden.cN());
    } else {
      assertThat(golden.cN()).isNull();
    }
    int lower = golden.layerOutputs() == null ? 0 : golden.layerOutputs().length;
    assertThat(lower).isEqualTo(config.numLayers() - 1);
    for (int k = 0; k < lower; k++) {
      assertClose("layer_outputs[" + k + "]", pass.layerOutput(k), golden.layerOutputs()[k]);
    }
    if (config.hasHead()) {
      assertClose("head_output", pass.headOutput(), golden.headOutput());
    } else {
      assertThat(pass.headOutput()).isNull();
    }
  }

  private static void assertClose(String what, Tensor3 actual, double[][][] expected) {
    Tensor3 want = Tensor3.of(expected);
    assertThat(new int[] {actual.dim0(), actual.dim1(), actual.dim2()})
        .as(what + " shape")
        .containsExactly(want.dim0(), want.dim1(), want.dim2());
    for (int i = 0; i < want.data().length; i++) {
      assertThat(actual.data()[i]).as(what + " flat index " + i).isCloseTo(want.data()[i], within(TOLERANCE));
    }
  }
}
