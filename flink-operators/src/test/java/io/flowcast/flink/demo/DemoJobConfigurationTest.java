package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.job.ForecastStage;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class DemoJobConfigurationTest {

  @Test
  void encodesAndScoresWindowsAsTheDemoModelWasTrained() {
    Configuration config = DemoJobConfiguration.create("broker:9092", Path.of("m.safetensors"));

    assertThat(ForecastStage.settings(config)).isEqualTo(DemoSettings.forecast());
    assertThat(config.get(ForecastOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.get(ForecastOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("broker:9092");
  }

  @Test
  void readsTheModelByAbsolutePathOrRunsAFreshOne() {
    Path model = Path.of("m.safetensors");
    assertThat(DemoJobConfiguration.create("b:1", model).get(ForecastOptions.MODEL_PATH))
        .isEqualTo(model.toAbsolutePath().toString());
    assertThat(DemoJobConfiguration.create("b:1", null).get(ForecastOptions.MODEL_PATH)).isEmpty();
  }

  @Test
  void checkpointsOftenSoThatForecastsShowUpWithinSeconds() {
    Configuration config = DemoJobConfiguration.create("b:1", null);
    assertThat(config.get(ForecastOptions.CHECKPOINT_INTERVAL)).isLessThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(config.get(ForecastOptions.WATERMARK_IDLENESS)).isZero();
  }
}
