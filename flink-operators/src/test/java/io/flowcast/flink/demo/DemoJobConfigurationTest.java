package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.job.FineTuneMode;
import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.job.ForecastStage;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class DemoJobConfigurationTest {

  @Test
  void encodesAndScoresWindowsAsTheDemoModelWasTrained() {
    Configuration config = DemoJobConfiguration.create("broker:9092", Path.of("m.safetensors"), null);

    assertThat(ForecastStage.settings(config)).isEqualTo(DemoSettings.forecast());
    assertThat(config.get(ForecastOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.get(ForecastOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("broker:9092");
  }

  @Test
  void readsTheModelByAbsolutePathOrRunsAFreshOne() {
    Path model = Path.of("m.safetensors");
    assertThat(DemoJobConfiguration.create("b:1", model, null).get(ForecastOptions.MODEL_PATH))
        .isEqualTo(model.toAbsolutePath().toString());
    assertThat(DemoJobConfiguration.create("b:1", null, null).get(ForecastOptions.MODEL_PATH)).isEmpty();
  }

  @Test
  void checkpointsOftenSoThatForecastsShowUpWithinSeconds() {
    Configuration config = DemoJobConfiguration.create("b:1", null, null);
    assertThat(config.get(ForecastOptions.CHECKPOINT_INTERVAL)).isLessThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(config.get(ForecastOptions.WATERMARK_IDLENESS)).isZero();
  }

  @Test
  void fineTunesIntoTheCheckpointDirectoryOnlyWhenGivenOne() {
    assertThat(DemoJobConfiguration.create("b:1", null, null).get(ForecastOptions.FINETUNE_MODE))
        .isEqualTo(FineTuneMode.OFF);
    Path dir = Path.of("target", "demo-checkpoints");
    Configuration config = DemoJobConfiguration.create("b:1", null, dir);
    assertThat(config.get(ForecastOptions.FINETUNE_MODE)).isEqualTo(FineTuneMode.TRAIN);
    assertThat(config.get(ForecastOptions.FINETUNE_CHECKPOINT_DIR)).isEqualTo(dir.toAbsolutePath().toUri().toString());
    assertThat(config.get(ForecastOptions.FINETUNE_MIN_SAMPLES)).isLessThan(ForecastOptions.FINETUNE_MIN_SAMPLES.defaultValue() * 2);
    assertThat(config.get(ForecastOptions.FINETUNE_ROUND_INTERVAL)).isLessThan(Duration.ofSeconds(30));
  }
}
