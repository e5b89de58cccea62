package io.flowcast.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.job.ForecastOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ModelOptionsTest {

  @Command
  static final class Holder {
    @Mixin ModelOptions model = new ModelOptions();
  }

  @Test
  void anyOtherJobOptionReachesTheForecastingVariantAndTheNamedOptionsWin() {
    Holder holder = CommandLine.populateCommand(new Holder(), "--hidden", "8",
        "--job", "anomaly.level-warm-up-windows=4", "--job", "model.hidden-size=99");

    Configuration forecasting = holder.model.forecasting();

    assertThat(forecasting.get(ForecastOptions.ANOMALY_LEVEL_WARM_UP_WINDOWS)).isEqualTo(4);
    assertThat(forecasting.get(ForecastOptions.MODEL_HIDDEN_SIZE)).isEqualTo(8);
    assertThat(holder.model.describe()).contains("anomaly.level-warm-up-windows=4");
  }
}
