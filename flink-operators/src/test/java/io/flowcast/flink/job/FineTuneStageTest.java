package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.pretrain.OptimizerChoice;
import io.flowcast.model.train.Loss;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class FineTuneStageTest {

  @Test
  void trainNeedsACheckpointDirectory() {
    Configuration config = CommandLineConfiguration.parse("--finetune.mode", "train");
    assertThatThrownBy(() -> FineTuneStage.operatorConfig(config))
        .hasMessageContaining("finetune.checkpoint-dir");
  }

  @Test
  void theOptionsBecomeTheFineTunersSettings() {
    Configuration config = CommandLineConfiguration.parse("--finetune.mode", "train",
        "--finetune.checkpoint-dir", "/tmp/x", "--finetune.optimizer", "sgd", "--finetune.loss", "gaussian-nll",
        "--finetune.clip-norm", "0", "--finetune.round-interval", "30 s");
    var settings = FineTuneStage.settings(config);
    assertThat(settings.optimizer()).isEqualTo(OptimizerChoice.SGD);
    assertThat(settings.loss()).isEqualTo(Loss.GAUSSIAN_NLL);
    assertThat(settings.clipNorm()).isInfinite();
    assertThat(settings.roundIntervalMillis()).isEqualTo(30_000);
    assertThat(ForecastStage.operatorConfig(config).samples()).isNotNull();
    assertThat(ForecastStage.operatorConfig(CommandLineConfiguration.parse("--finetune.mode", "follow")).samples())
        .isNull();
  }

  @Test
  void anUnknownLossIsRefusedByName() {
    Configuration config = CommandLineConfiguration.parse("--finetune.loss", "huber");
    assertThatThrownBy(() -> FineTuneStage.settings(config)).hasMessageContaining("huber");
  }

  @Test
  void theLossMustFitTheModelsHead() throws Exception {
    var forecast = io.flowcast.model.forecast.ForecastSettings.defaults();
    var plainHead = io.flowcast.flink.forecast.ModelSource.fresh(io.flowcast.model.CellType.GRU, 4, 1, 1)
        .load(forecast).config();
    FineTuneStage.settings(CommandLineConfiguration.parse()).requireHeadFits(plainHead, forecast.horizon());
    assertThatThrownBy(() -> FineTuneStage.settings(CommandLineConfiguration.parse("--finetune.loss", "gaussian-nll"))
        .requireHeadFits(plainHead, forecast.horizon()))
        .hasMessageContaining("needs a head of 6 outputs for a horizon of 3, the model has 3");
  }
}
