package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.forecast.ForecastSettings;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class ForecastStageTest {

  @Test
  void readsTheLevelNoveltysWarmUpAndBurstGapEachFromItsOwnOption() {
    Configuration config = new Configuration();
    config.set(ForecastOptions.ANOMALY_LEVEL_WARM_UP_WINDOWS, 576);
    config.set(ForecastOptions.ANOMALY_LEVEL_BURST_GAP_WINDOWS, 48);

    ForecastSettings settings = ForecastStage.settings(config);

    assertThat(settings.levelWarmUpWindows()).isEqualTo(576);
    assertThat(settings.levelBurstGapWindows()).isEqualTo(48);
  }

  @Test
  void reportsEveryFirstByDefault() {
    assertThat(ForecastStage.settings(new Configuration()).levelBurstGapWindows()).isZero();
  }
}
