package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import io.flowcast.model.testutils.RandomModels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleStepperTest {
  private static final long WINDOW = 60_000L;

  @Test
  void aSensorWhoseLevelWarmUpEndsKeepsTheForecastersShorterStateArray() {
    ForecastSettings settings = ForecastSettings.defaults().withLevelNovelty(5);
    RecurrentNetwork network = RecurrentNetwork.compile(
        RandomModels.parameters(new ModelConfig(CellType.LSTM, WindowEncoding.INPUT_SIZE, 8, 1, settings.horizon()), 5));
    SensorForecaster forecaster = new SensorForecaster(network, settings, 4, StepEngines.java());
    BundleStepper stepper = new BundleStepper(forecaster, GapPolicy.IMPUTE, 12, new SensorEvents() {
      @Override
      public void imputedWindow() {}

      @Override
      public void stateReset() {}

      @Override
      public void staleWindow() {}
    });
    Map<Object, SensorState> states = new HashMap<>();
    List<Integer> lengths = new ArrayList<>();
    for (long index = 0; index < 8; index++) {
      List<ReplayWindow> bundle = List.of(window("a", index), window("b", index));
      stepper.step(stepper.group(bundle, ReplayWindow::sensorId,
          key -> states.computeIfAbsent(key, k -> forecaster.newSensor())), (window, batch, row, missed) -> { });
      lengths.add(states.get("a").values().length);
    }
    SensorStateLayout layout = forecaster.layout();
    assertThat(lengths).as("after each window: the whole array during the warm-up, then the cut one")
        .containsExactly(layout.size(), layout.size(), layout.size(), layout.size(),
            layout.warmedUpSize(), layout.warmedUpSize(), layout.warmedUpSize(), layout.warmedUpSize());
    assertThat(states.get("b").values()).hasSize(layout.warmedUpSize());
    assertThat(forecaster.fits(states.get("b").values())).isTrue();
  }

  private static ReplayWindow window(String sensor, long index) {
    return new ReplayWindow(sensor, index * WINDOW, (index + 1) * WINDOW, 10 + Math.sin(index / 3.0));
  }
}
