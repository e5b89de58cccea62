package io.flowcast.model.step;

import static io.flowcast.model.testutils.ArrayAssertions.assertClose;
import static io.flowcast.model.testutils.GoldenCase.toFloat;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.testutils.EngineParity;
import io.flowcast.model.testutils.GoldenCase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Known-answer tests of the float32 step against every golden case (abs error 1e-5). */
class RecurrentNetworkGoldenTest {
  private static final double FLOAT32_TOLERANCE = 1e-5;

  static java.util.stream.Stream<GoldenCase> cases() {
    return GoldenCase.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sequenceForwardMatchesReference(GoldenCase golden) {
    RecurrentNetwork network = RecurrentNetwork.compile(golden.parameters());

    SequenceOutput out = network.forward(toFloat(golden.input()), toFloat(golden.h0()), toFloat(golden.c0()));

    assertClose("output", out.outputs(), golden.output(), FLOAT32_TOLERANCE);
    assertClose("h_n", out.hN(), golden.hN(), FLOAT32_TOLERANCE);
    if (golden.cN() != null) {
      assertClose("c_n", out.cN(), golden.cN(), FLOAT32_TOLERANCE);
    } else {
      assertThat(out.cN()).isNull();
    }
    if (golden.headOutput() != null) {
      assertClose("head", out.head(), golden.headOutput(), FLOAT32_TOLERANCE);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {StepEngines.JAVA, StepEngines.AUTO})
  void everyBuiltInEngineMatchesReference(String engine) {
    EngineParity.matchesGoldenCases(StepEngines.named(engine));
  }

  /** The Java engine's layer steps one by one: the plain-Java fallback and the unfused vector path. */
  @Test
  void everyJavaLayerStepMatchesReference() {
    EngineParity.matchesGoldenCases(TestEngines.PLAIN);
    EngineParity.matchesGoldenCases(TestEngines.UNFUSED_VECTOR);
  }
}
