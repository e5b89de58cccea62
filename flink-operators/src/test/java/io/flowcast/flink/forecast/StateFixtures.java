package io.flowcast.flink.forecast;

import static io.flowcast.flink.forecast.ForecastOperatorHarness.window;

import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.finetune.SampleSettings;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.schemas.Forecast;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;

/**
 * The committed keyed-state fixtures of the ForecastOperator under
 * {@code src/test/resources/state-fixtures/}: a snapshot of {@link ForecastOperatorHarness#config}
 * (LSTM 8 x 2, seed 42, bundles of 1, heap backend; with level novelty of a {@value
 * #LEVEL_WARM_UP}-window warm-up, over by the snapshot, for the names of {@link #config}) after
 * windows {@code [0, SNAPSHOT_AT)} of
 * {@link #SENSORS}, and the forecasts the same operator made, uninterrupted, for windows
 * {@code [SNAPSHOT_AT, END)} ({@code <name>.expected}, one line per forecast).
 *
 * <p>Written by {@link StateFixtureGenerator} (not run by default); a restore of each fixture
 * must continue with exactly these forecasts ({@link StateFixtureUpgradeTest}).
 */
final class StateFixtures {
  static final String[] SENSORS = {"a", "b", "c"};
  static final int SNAPSHOT_AT = 10;
  static final int END = 15;
  static final int LEVEL_WARM_UP = 8;

  private StateFixtures() {}

  /**
   * The operator of fixture {@code name}: with level novelty if the name ends in {@code -level},
   * with level novelty, the online correction and training samples cut (so a window history) if it
   * ends in {@code -level-history}.
   */
  static ForecastOperatorConfig config(String name) {
    ForecastSettings level = ForecastOperatorHarness.SETTINGS.withLevelNovelty(LEVEL_WARM_UP);
    if (name.endsWith("-level-history")) {
      return ForecastOperatorHarness.config(1, GapPolicy.IMPUTE, Duration.ZERO, level.withCorrection(0.99))
          .withSamples(new SampleSettings(4, 2, 4, false, false, false), 1000);
    }
    return name.endsWith("-level") ? ForecastOperatorHarness.config(1, GapPolicy.IMPUTE, Duration.ZERO, level)
        : ForecastOperatorHarness.config(1);
  }

  static void feed(KeyedOneInputStreamOperatorTestHarness<String, WindowFeatures, Forecast> harness,
      int from, int to) throws Exception {
    for (int t = from; t < to; t++) {
      for (String sensor : SENSORS) {
        harness.processElement(window(sensor, t));
      }
    }
  }

  /** One line per forecast: sensor, window start, forecasts, lower, upper, residual, score. */
  static List<String> lines(List<Forecast> forecasts) {
    List<String> lines = new ArrayList<>();
    for (Forecast f : forecasts) {
      lines.add(f.getSensorId() + "\t" + f.getWindowStart().toEpochMilli() + "\t" + f.getForecasts()
          + "\t" + f.getLower() + "\t" + f.getUpper() + "\t" + f.getResidual() + "\t" + f.getAnomalyScore());
    }
    return lines;
  }

  /** Writes {@code <name>.snapshot} and {@code <name>.expected} into {@code directory}. */
  static void write(Path directory, String name) throws Exception {
    Files.createDirectories(directory);
    OperatorSubtaskState snapshot;
    try (var harness = ForecastOperatorHarness.open(config(name), null)) {
      feed(harness, 0, SNAPSHOT_AT);
      harness.prepareSnapshotPreBarrier(1);
      snapshot = harness.snapshot(1, 1);
      int before = harness.extractOutputStreamRecords().size();
      feed(harness, SNAPSHOT_AT, END);
      List<Forecast> after = ForecastOperatorHarness.finish(harness);
      Files.write(directory.resolve(name + ".expected"),
          lines(after.stream().filter(f -> f.getWindowStart().toEpochMilli()
              >= SNAPSHOT_AT * ForecastOperatorHarness.WINDOW).toList()), StandardCharsets.UTF_8);
      if (after.size() - before != SENSORS.length * (END - SNAPSHOT_AT)) {
        throw new IllegalStateException("unexpected forecasts after the snapshot");
      }
    }
    OperatorSnapshotUtil.writeStateHandle(snapshot, directory.resolve(name + ".snapshot").toString());
  }
}
