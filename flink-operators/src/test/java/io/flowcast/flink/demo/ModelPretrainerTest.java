package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.forecast.ForecastSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelPretrainerTest {
  private static PretrainingSettings small(CellType cell, long seed) {
    return new PretrainingSettings(
        cell, 8, 1, 8, 2, FleetSettings.DEMO_WINDOW_MILLIS, seed, 60, 8, 32, 8, 0.01, 1.0);
  }

  @Test
  void trainsAFiniteModelOfTheForecastShapeWhoseLossFalls() {
    List<Double> losses = new ArrayList<>();
    PretrainingResult result = new ModelPretrainer(small(CellType.LSTM, 3), ForecastSettings.defaults())
        .pretrain((step, loss) -> losses.add(loss));
    assertThat(losses).hasSize(60).allSatisfy(loss -> assertThat(loss).isFinite());
    assertThat(result.finalLoss()).isLessThan(0.5 * result.initialLoss());
    assertThat(result.parameters().config()).isEqualTo(new ModelConfig(CellType.LSTM, 3, 8, 1, 3));
    result.parameters().requireFinite();
  }

  @Test
  void theSameSeedTrainsTheSameModel() {
    ForecastSettings forecast = ForecastSettings.defaults();
    PretrainingResult first = new ModelPretrainer(small(CellType.GRU, 5), forecast).pretrain((step, loss) -> {});
    PretrainingResult again = new ModelPretrainer(small(CellType.GRU, 5), forecast).pretrain((step, loss) -> {});
    PretrainingResult other = new ModelPretrainer(small(CellType.GRU, 6), forecast).pretrain((step, loss) -> {});
    assertThat(again.parameters()).isEqualTo(first.parameters());
    assertThat(other.parameters()).isNotEqualTo(first.parameters());
  }

  @Test
  void trainsOnAnAnomalyFreeFleet() {
    FleetSettings fleet = new ModelPretrainer(small(CellType.LSTM, 1), ForecastSettings.defaults()).trainingFleet();
    assertThat(fleet.anomalyRate()).isZero();
    assertThat(fleet.sensors()).isEqualTo(8);
  }

  @Test
  void rejectsAHistoryShorterThanASlice() {
    PretrainingSettings tooShort = new PretrainingSettings(
        CellType.LSTM, 8, 1, 2, 1, 4 * 3_600_000L, 1, 1, 2, 32, 8, 0.01, 1.0);
    assertThatThrownBy(() -> new ModelPretrainer(tooShort, ForecastSettings.defaults()).pretrain((s, l) -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fewer than a slice of 32");
  }
}
