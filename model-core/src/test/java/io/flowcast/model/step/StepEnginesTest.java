package io.flowcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link StepEngines}: the built-in engines by name, and a clear failure for a missing plug-in. */
class StepEnginesTest {

  @Test
  void findsTheBuiltInEnginesInAnyCase() {
    assertThat(StepEngines.named("java")).isSameAs(StepEngines.java());
    assertThat(StepEngines.named(" JAVA ")).isSameAs(StepEngines.java());
    assertThat(StepEngines.named("Auto").name()).isEqualTo(StepEngines.AUTO);
    assertThat(StepEngines.available()).startsWith(StepEngines.JAVA, StepEngines.AUTO);
  }

  /** model-core alone carries no plug-in: ND4J and CUDA come in their own modules. */
  @Test
  void aMissingPlugInFailsNamingWhereItComesFrom() {
    assertThat(StepEngines.available()).containsExactly(StepEngines.JAVA, StepEngines.AUTO);
    assertThatThrownBy(() -> StepEngines.named("nd4j"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no step engine 'nd4j' on the classpath (available: java, auto)")
        .hasMessageContaining("flowcast-engine-nd4j")
        .hasMessageContaining("-Pnd4j");
    assertThatThrownBy(() -> StepEngines.named("cuda"))
        .hasMessageContaining("flowcast-engine-cuda");
    assertThatThrownBy(() -> StepEngines.named("tpu"))
        .hasMessage("no step engine 'tpu' on the classpath (available: java, auto)");
  }

  /** CPU engines ignore the device Flink assigns. */
  @Test
  void cpuEnginesIgnoreTheDevice() {
    assertThat(StepEngines.java().onDevice(3)).isSameAs(StepEngines.java());
  }
}
