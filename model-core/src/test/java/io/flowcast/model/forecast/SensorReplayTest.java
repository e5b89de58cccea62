package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.step.StepEngines;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.testutils.RandomModels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-sensor logic of the job (gap policy, stale windows, bundles) run offline. */
class SensorReplayTest {
  private static final long WINDOW = 60_000L;
  private static final ForecastSettings SETTINGS = ForecastSettings.defaults();

  private static SensorReplay replay(int bundleSize, GapPolicy policy) {
    RecurrentNetwork network = RecurrentNetwork.compile(
        RandomModels.parameters(new ModelConfig(CellType.LSTM, 3, 8, 1, SETTINGS.horizon()), 5));
    return new SensorReplay(new SensorForecaster(network, SETTINGS, bundleSize, StepEngines.java()), policy, 12);
  }

  private static ReplayWindow window(String sensor, long index) {
    return new ReplayWindow(sensor, index * WINDOW, (index + 1) * WINDOW, 10 + Math.sin(index / 3.0));
  }

  private static List<ReplayWindow> indices(String sensor, long... indices) {
    List<ReplayWindow> out = new ArrayList<>();
    for (long index : indices) {
      out.add(window(sensor, index));
    }
    return out;
  }

  @Test
  void staleWindowsAreSkippedAndCounted() {
    SensorReplay replay = replay(4, GapPolicy.IMPUTE);
    List<ReplayForecast> out = replay.replay(indices("a", 5, 5, 3, 6));
    assertThat(out).extracting(f -> f.window().start()).containsExactly(5 * WINDOW, 6 * WINDOW);
    assertThat(replay.staleWindows()).isEqualTo(2);
  }

  @Test
  void imputedWindowsAreSteppedButNotEmittedAndTheGapIsReported() {
    SensorReplay impute = replay(4, GapPolicy.IMPUTE);
    List<ReplayForecast> out = impute.replay(indices("a", 0, 1, 2, 6, 7));
    assertThat(out).hasSize(5);
    assertThat(out.get(3).missedWindows()).isEqualTo(3);
    assertThat(out.get(3).residual()).as("a forecast was carried through the gap").isNotNaN();
    assertThat(impute.imputedWindows()).isEqualTo(3);
    assertThat(impute.stateResets()).isZero();

    SensorReplay reset = replay(4, GapPolicy.RESET);
    List<ReplayForecast> afresh = reset.replay(indices("a", 0, 1, 2, 6, 7));
    assertThat(afresh.get(3).residual()).isNaN();
    assertThat(reset.stateResets()).isEqualTo(1);
    assertThat(reset.imputedWindows()).isZero();
  }

  @Test
  void aGapBeyondTheMaximumResetsUnderEveryPolicy() {
    for (GapPolicy policy : GapPolicy.values()) {
      SensorReplay replay = replay(4, policy);
      List<ReplayForecast> out = replay.replay(indices("a", 0, 1, 15));
      assertThat(out.get(2).missedWindows()).isEqualTo(13);
      assertThat(out.get(2).residual()).as(policy.name()).isNaN();
      assertThat(replay.stateResets()).isEqualTo(1);
    }
  }

  @Test
  void sensorsKeepTheirStateAcrossCallsAndBundlesDoNotMatter() {
    List<ReplayWindow> windows = new ArrayList<>();
    for (long t = 0; t < 30; t++) {
      windows.add(window("a", t));
      if (t % 4 != 1) {
        windows.add(window("b", t));
      }
    }
    List<ReplayForecast> whole = new ArrayList<>(replay(1, GapPolicy.IMPUTE).replay(windows));
    SensorReplay inTwoCalls = replay(7, GapPolicy.IMPUTE);
    List<ReplayForecast> split = new ArrayList<>(inTwoCalls.replay(windows.subList(0, 20)));
    split.addAll(inTwoCalls.replay(windows.subList(20, windows.size())));
    Comparator<ReplayForecast> bySensorAndTime = Comparator.comparing((ReplayForecast f) -> f.window().sensorId())
        .thenComparingLong(f -> f.window().start());
    whole.sort(bySensorAndTime);
    split.sort(bySensorAndTime);
    assertThat(split).hasSameSizeAs(whole);
    for (int i = 0; i < whole.size(); i++) {
      assertThat(split.get(i).window()).isEqualTo(whole.get(i).window());
      assertThat(split.get(i).forecasts()).as("forecast " + i).containsExactly(whole.get(i).forecasts());
      assertThat(Float.floatToIntBits(split.get(i).score())).isEqualTo(Float.floatToIntBits(whole.get(i).score()));
    }
  }
}
