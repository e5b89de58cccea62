package io.flowcast.engine.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngine;
import io.flowcast.model.step.StepEngines;
import io.flowcast.model.testutils.EngineParity;
import io.flowcast.model.testutils.RandomModels;
import org.junit.jupiter.api.Test;

/**
 * The CUDA engine. Found by name and bound to Flink's device index everywhere; the parity checks
 * need a CUDA device and are skipped, with the reason, where there is none.
 */
class CudaStepEngineTest {

  private static void assumeGpu() {
    assumeTrue(CudaRuntime.available(), () -> "no CUDA GPU here: " + CudaRuntime.unavailableReason());
  }

  @Test
  void isFoundByNameAndTakesTheDeviceFlinkAssigned() {
    assertThat(StepEngines.available()).contains(StepEngines.CUDA);
    StepEngine engine = StepEngines.named("cuda");
    assertThat(engine).isInstanceOf(CudaStepEngine.class);
    assertThat(((CudaStepEngine) engine).device()).isZero();
    assertThat(((CudaStepEngine) engine.onDevice(2)).device()).isEqualTo(2);
    assertThatThrownBy(() -> engine.onDevice(-1)).hasMessageContaining("must be >= 0");
  }

  @Test
  void withoutAGpuAStepperFailsNamingTheReason() {
    assumeFalse(CudaRuntime.available(), "a CUDA GPU is present");
    RecurrentNetwork network =
        RecurrentNetwork.compile(RandomModels.parameters(new ModelConfig(CellType.LSTM, 3, 8, 1, 1), 7));
    assertThatThrownBy(() -> network.newStepper(4, StepEngines.named("cuda")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the cuda step engine cannot run here");
  }

  @Test
  void matchesTheGoldenCases() {
    assumeGpu();
    EngineParity.matchesGoldenCases(StepEngines.named(StepEngines.CUDA));
  }

  /** All four cells, 1 and 2 layers; 4099 keys go through the two-stream pipeline. */
  @Test
  void agreesWithTheJavaEngineWithinFloatRounding() {
    assumeGpu();
    EngineParity.matchesJavaEngine(StepEngines.named(StepEngines.CUDA), 1e-5, 1, 5, 16, 17, CudaLayerStep.OVERLAP_MIN_BATCH + 3);
  }
}
