package io.flowcast.model.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.pretrain.OptimizerChoice;
import io.flowcast.model.train.Loss;
import org.junit.jupiter.api.Test;

class FineTuneSettingsTest {

  @Test
  void rejectsAnInvalidSettingByName() {
    assertThatThrownBy(() -> FineTuneFixtures.settings(OptimizerChoice.ADAM, 0, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learningRate");
    assertThatThrownBy(() -> FineTuneFixtures.settings(OptimizerChoice.ADAM, 0.1, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tolerance");
    assertThatThrownBy(() -> new FineTuneSettings(Loss.MSE, OptimizerChoice.SGD, 0.9, 0.1, 8, 1, 0, 1, 0, 10, 4,
        8, 1000, 11, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minTrainingSamples");
    assertThatThrownBy(() -> new FineTuneSettings(Loss.MSE, OptimizerChoice.SGD, 0.9, 0.1, 8, 1, 0, 0, 0, 10, 4,
        8, 1000, 4, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clipNorm");
  }

  @Test
  void configHashIsStableAndTellsSettingsApart() {
    String hash = FineTuneFixtures.settings().configHash();
    assertThat(hash).hasSize(16).matches("[0-9a-f]+").isEqualTo(FineTuneFixtures.settings().configHash());
    assertThat(FineTuneFixtures.settings(OptimizerChoice.ADAM, 0.02, 0.06).configHash()).isNotEqualTo(hash);
  }

  @Test
  void toleranceIsRelativeToTheServingLoss() {
    FineTuneSettings settings = FineTuneFixtures.settings(OptimizerChoice.ADAM, 0.1, 0.1);
    assertThat(settings.accepts(1.05, 1.0)).isTrue();
    assertThat(settings.accepts(1.15, 1.0)).isFalse();
    assertThat(settings.accepts(-0.95, -1.0)).isTrue();
    assertThat(settings.accepts(-0.85, -1.0)).isFalse();
    assertThat(settings.accepts(Double.NaN, 1.0)).isFalse();
  }

  @Test
  void aGaussianLossNeedsAHeadOfTwiceTheHorizon() {
    FineTuneSettings settings = new FineTuneSettings(Loss.GAUSSIAN_NLL, OptimizerChoice.ADAM, 0, 0.01, 8, 1, 0,
        1, 0, 64, 16, 32, 60_000, 16, 0, 7);
    assertThatThrownBy(() -> new FineTuner(settings, FineTuneFixtures.model(3), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 x horizon")
        .hasMessageContaining("3 outputs");
    assertThat(new FineTuner(settings, FineTuneFixtures.model(4), 1).version()).isEqualTo(1);
  }
}
