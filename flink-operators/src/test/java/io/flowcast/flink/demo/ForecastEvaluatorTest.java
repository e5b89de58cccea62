package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ForecastEvaluatorTest {
  /** The checkpoint bundled at the repository root, as the demo loads it. */
  static final Path DEMO_MODEL = Path.of("..", "examples", "demo-model.safetensors");

  private static final int THREE_DAYS = 3 * 288;

  @Test
  void theBundledModelMeetsTheDemoBarOnAFreshFleet() throws IOException {
    ModelParameters model = ModelFiles.read(DEMO_MODEL);
    DemoFigures figures = new ForecastEvaluator(model, DemoSettings.forecast())
        .evaluate(FleetSettings.demo(64, 2024), THREE_DAYS);

    assertThat(figures.comparedWindows()).isEqualTo(64L * (THREE_DAYS - DemoSettings.forecast().warmUpWindows()));
    assertThat(figures.mae()).isLessThan(0.9 * figures.maePersistence());
    assertThat(figures.anomaliesInjected()).isGreaterThan(20);
    assertThat(figures.detectionRate()).isGreaterThanOrEqualTo(0.8);
    assertThat(figures.falseFlags()).isLessThanOrEqualTo(5);
  }

  @Test
  void anUntrainedModelDoesNotBeatPersistence() {
    ModelParameters untrained = ModelParameters.zeros(new ModelConfig(CellType.LSTM, 3, 8, 1, 3));
    DemoFigures figures = new ForecastEvaluator(untrained, DemoSettings.forecast())
        .evaluate(FleetSettings.demo(8, 2024), 2 * 288);
    assertThat(figures.mae()).isGreaterThan(figures.maePersistence());
  }
}
