package io.flowcast.engine.nd4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.step.StepEngines;
import io.flowcast.model.testutils.EngineParity;
import org.junit.jupiter.api.Test;

/** The ND4J engine (OpenBLAS here): found through ServiceLoader, and model-core's parity checks. */
class Nd4jStepEngineTest {

  @Test
  void isFoundByName() {
    assertThat(StepEngines.available()).contains(StepEngines.ND4J);
    assertThat(StepEngines.named("ND4J")).isInstanceOf(Nd4jStepEngine.class);
  }

  @Test
  void matchesTheGoldenCases() {
    EngineParity.matchesGoldenCases(StepEngines.named(StepEngines.ND4J));
  }

  /** Around the tile size (16) and AUTO's gemm threshold (32), all four cells, 1 and 2 layers. */
  @Test
  void agreesWithTheJavaEngineWithinFloatRounding() {
    EngineParity.matchesJavaEngine(StepEngines.named(StepEngines.ND4J), 1e-5, 1, 5, 16, 17, 31, 32, 70);
  }
}
