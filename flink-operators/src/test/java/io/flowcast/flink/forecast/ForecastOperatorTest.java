package io.flowcast.flink.forecast;

import static io.flowcast.flink.forecast.ForecastOperatorHarness.config;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.finish;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.forecasts;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.open;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.CellType;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.SensorState;
import io.flowcast.model.forecast.StateShape;
import io.flowcast.schemas.Forecast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ForecastOperatorTest {
  private static final String[] SENSORS = {"a", "b", "c", "d", "e", "f", "g"};

  /** Feeds windows 0..windows-1 of every sensor, sensor by sensor within each window index. */
  private static void feed(KeyedOneInputStreamOperatorTestHarness<String, WindowFeatures, Forecast> harness,
      String[] sensors, int from, int to) throws Exception {
    for (int t = from; t < to; t++) {
      for (String sensor : sensors) {
        if (!(sensor.equals("c") && t % 9 == 4)) { // sensor c misses some windows
          harness.processElement(window(sensor, t));
        }
      }
    }
  }

  private static List<Forecast> run(int bundleSize, String[] sensors) throws Exception {
    try (var harness = open(config(bundleSize), null)) {
      feed(harness, sensors, 0, 40);
      return finish(harness);
    }
  }

  @Test
  void forecastsDoNotDependOnTheBundleSizeBitForBit() throws Exception {
    List<Forecast> one = run(1, SENSORS);
    List<Forecast> many = run(512, SENSORS);
    List<Forecast> odd = run(5, SENSORS);
    assertThat(one).hasSize(SENSORS.length * 40 - 4);
    assertThat(many).isEqualTo(one);
    assertThat(odd).isEqualTo(one);
  }

  @Test
  void aSensorsForecastsDoNotDependOnOtherSensors() throws Exception {
    Predicate<Forecast> ofA = f -> f.getSensorId().equals("a");
    List<Forecast> alone = run(16, new String[] {"a"});
    List<Forecast> together = run(16, SENSORS).stream().filter(ofA).toList();
    assertThat(together).isEqualTo(alone);
    assertThat(alone).hasSize(40);
    assertThat(alone.get(0).getResidual()).isNull();
    assertThat(alone.get(1).getResidual()).isNotNull();
    assertThat(alone.get(1).getForecasts()).hasSize(ForecastOperatorHarness.SETTINGS.horizon());
  }

  @Test
  void continuesIdenticallyAfterSnapshotAndRestoreOnHeapAndRocksDb() throws Exception {
    List<Forecast> uninterrupted = run(8, SENSORS);
    for (boolean rocksDb : new boolean[] {false, true}) {
      OperatorSubtaskState snapshot;
      List<Forecast> before;
      try (var harness = open(config(8), null, rocksDb)) {
        feed(harness, SENSORS, 0, 17);
        harness.prepareSnapshotPreBarrier(1); // flushes the half-full bundle
        snapshot = harness.snapshot(1, 1);
        before = forecasts(harness);
      }
      try (var restored = open(config(8), snapshot, rocksDb)) {
        feed(restored, SENSORS, 17, 40);
        List<Forecast> all = new ArrayList<>(before);
        all.addAll(finish(restored));
        all.sort(Comparator.comparing((Forecast f) -> f.getSensorId()).thenComparing(Forecast::getWindowStart));
        assertThat(all).as(rocksDb ? "RocksDB" : "heap").isEqualTo(uninterrupted);
      }
    }
  }

  @Test
  void turningFineTuningOnOrOffAcrossARestoreKeepsEverySensorGoing() throws Exception {
    List<Forecast> uninterrupted = run(8, SENSORS);
    ForecastOperatorConfig plain = config(8);
    ForecastOperatorConfig sampling = plain.withSamples(
        new io.flowcast.model.finetune.SampleSettings(8, 4, 8, false, false, false), 1000);
    for (ForecastOperatorConfig[] change : new ForecastOperatorConfig[][] {{plain, sampling}, {sampling, plain}}) {
      OperatorSubtaskState snapshot;
      List<Forecast> before;
      try (var harness = open(change[0], null)) {
        feed(harness, SENSORS, 0, 17);
        harness.prepareSnapshotPreBarrier(1);
        snapshot = harness.snapshot(1, 1);
        before = forecasts(harness);
      }
      try (var restored = open(change[1], snapshot)) {
        feed(restored, SENSORS, 17, 40);
        List<Forecast> all = new ArrayList<>(before);
        all.addAll(finish(restored));
        all.sort(Comparator.comparing((Forecast f) -> f.getSensorId()).thenComparing(Forecast::getWindowStart));
        assertThat(all).isEqualTo(uninterrupted);
      }
    }
  }

  @Test
  void levelNoveltyContinuesAcrossARestoreAndTurningItOnKeepsTheForecasts() throws Exception {
    ForecastOperatorConfig residual = config(8);
    ForecastOperatorConfig level =
        config(8, GapPolicy.IMPUTE, Duration.ZERO, ForecastOperatorHarness.SETTINGS.withLevelNovelty(10));
    ForecastOperatorConfig shorterWarmUp =
        config(8, GapPolicy.IMPUTE, Duration.ZERO, ForecastOperatorHarness.SETTINGS.withLevelNovelty(6));
    List<Forecast> uninterrupted;
    try (var harness = open(level, null)) {
      feed(harness, SENSORS, 0, 40);
      uninterrupted = finish(harness);
    }
    assertThat(uninterrupted).filteredOn(f -> f.getAnomalyScore() != null && f.getAnomalyScore() > 0).isNotEmpty();
    List<Forecast> residualScored = run(8, SENSORS);
    for (ForecastOperatorConfig first : new ForecastOperatorConfig[] {level, residual, shorterWarmUp}) {
      for (boolean rocksDb : new boolean[] {false, true}) {
        OperatorSubtaskState snapshot;
        List<Forecast> before;
        try (var harness = open(first, null, rocksDb)) {
          feed(harness, SENSORS, 0, 17);
          harness.prepareSnapshotPreBarrier(1);
          snapshot = harness.snapshot(1, 1);
          before = forecasts(harness);
        }
        try (var restored = open(level, snapshot, rocksDb)) {
          feed(restored, SENSORS, 17, 40);
          List<Forecast> all = new ArrayList<>(before);
          all.addAll(finish(restored));
          all.sort(Comparator.comparing((Forecast f) -> f.getSensorId()).thenComparing(Forecast::getWindowStart));
          if (first == level) {
            assertThat(all).as(rocksDb ? "RocksDB" : "heap").isEqualTo(uninterrupted);
          } else if (first == shorterWarmUp) { // another warm-up's block: the level novelty starts afresh
            assertThat(all).extracting(Forecast::getForecasts).isEqualTo(
                uninterrupted.stream().map(Forecast::getForecasts).toList());
            for (String sensor : SENSORS) {
              List<Double> scores = all.stream().filter(f -> f.getSensorId().equals(sensor))
                  .filter(f -> f.getWindowStart().toEpochMilli() >= 17 * ForecastOperatorHarness.WINDOW)
                  .map(Forecast::getAnomalyScore).toList();
              assertThat(scores.subList(0, 10)).as("sensor %s: the ten windows of its new warm-up", sensor)
                  .containsOnlyNulls();
              assertThat(scores.subList(10, scores.size())).as("sensor %s after it", sensor).isNotEmpty()
                  .doesNotContainNull();
            }
          } else { // turned on at the restore: the forecasts go on as they were, only the scores change
            assertThat(all).extracting(Forecast::getForecasts, Forecast::getLower, Forecast::getUpper)
                .as(rocksDb ? "RocksDB" : "heap")
                .isEqualTo(residualScored.stream()
                    .map(f -> tuple(f.getForecasts(), f.getLower(), f.getUpper())).toList());
          }
        }
      }
    }
  }

  @Test
  void flushesOnWatermarkBeforeForwardingIt() throws Exception {
    try (var harness = open(config(1000), null)) {
      harness.processElement(window("a", 0));
      harness.processElement(window("b", 0));
      assertThat(harness.getOutput()).isEmpty();
      harness.processWatermark(new Watermark(ForecastOperatorHarness.WINDOW));
      Object[] output = harness.getOutput().toArray();
      assertThat(output).hasSize(3);
      assertThat(output[2]).isInstanceOf(Watermark.class);
    }
  }

  @Test
  void flushesAfterTheBundleIntervalOfProcessingTime() throws Exception {
    ForecastOperatorConfig base = config(1000);
    ForecastOperatorConfig timed = new ForecastOperatorConfig(base.settings(), base.model(), 1000,
        Duration.ofMillis(200), base.gapPolicy(), base.maxGapWindows(), base.stateTtl(), base.engine());
    try (var harness = open(timed, null)) {
      harness.setProcessingTime(1_000);
      harness.processElement(window("a", 0));
      harness.setProcessingTime(1_199);
      assertThat(harness.getOutput()).isEmpty();
      harness.setProcessingTime(1_200);
      assertThat(forecasts(harness)).hasSize(1);
    }
  }

  @Test
  void staleWindowsAreSkipped() throws Exception {
    try (var harness = open(config(1), null)) {
      harness.processElement(window("a", 5));
      harness.processElement(window("a", 5));
      harness.processElement(window("a", 3));
      harness.processElement(window("a", 6));
      assertThat(forecasts(harness)).extracting(f -> f.getWindowStart().toEpochMilli())
          .containsExactly(5 * ForecastOperatorHarness.WINDOW, 6 * ForecastOperatorHarness.WINDOW);
    }
  }

  @Test
  void aStaleWindowInTheBundleDoesNotHideTheGapAfterIt() throws Exception {
    List<List<Forecast>> byBundle = new ArrayList<>();
    for (int bundleSize : new int[] {1, 8}) {
      try (var harness = open(config(bundleSize), null)) {
        for (int t = 0; t <= 3; t++) {
          harness.processElement(window("a", t));
        }
        harness.prepareSnapshotPreBarrier(1); // windows 0..3 are stepped; the next bundle starts here
        harness.processElement(window("a", 3)); // a late re-firing of window 3: stale
        harness.processElement(window("a", 5)); // window 4 missed
        byBundle.add(finish(harness));
      }
    }
    assertThat(byBundle.get(1)).isEqualTo(byBundle.get(0));
    Forecast afterGap = byBundle.get(0).get(4);
    assertThat(afterGap.getWindowStart().toEpochMilli()).isEqualTo(5 * ForecastOperatorHarness.WINDOW);
    assertThat(afterGap.getMissedWindows()).isEqualTo(1);
  }

  @Test
  void stateFromAModelOfAnotherShapeStartsTheSensorAfresh() throws Exception {
    OperatorSubtaskState snapshot;
    try (var harness = open(config(4), null)) {
      threeWindowsOfA(harness);
      snapshot = harness.snapshot(1, 1);
    }
    ForecastOperatorConfig base = config(4);
    ForecastOperatorConfig wider = new ForecastOperatorConfig(base.settings(),
        ModelSource.fresh(CellType.GRU, 16, 1, 42), 4, base.bundleInterval(), base.gapPolicy(),
        base.maxGapWindows(), base.stateTtl(), base.engine());
    try (var restored = open(wider, snapshot)) {
      restored.processElement(window("a", 3));
      List<Forecast> out = finish(restored);
      assertThat(out).hasSize(1);
      assertThat(out.get(0).getResidual()).as("no forecast carried over").isNull();
    }
  }

  /** Sensor a's windows 0 to 2, the bundle flushed so that its state is written. */
  private static void threeWindowsOfA(KeyedOneInputStreamOperatorTestHarness<String, WindowFeatures, Forecast> harness)
      throws Exception {
    for (int t = 0; t < 3; t++) {
      harness.processElement(window("a", t));
    }
    harness.prepareSnapshotPreBarrier(1);
  }

  /** A snapshot of sensor a after three windows of the harness's LSTM 8 x 2 (32 recurrent floats). */
  private static OperatorSubtaskState lstmSnapshot() throws Exception {
    try (var harness = open(config(4), null)) {
      threeWindowsOfA(harness);
      return harness.snapshot(1, 1);
    }
  }

  /** The harness's config serving a GRU 8 x 4: another shape, but 32 recurrent floats as well. */
  private static ForecastOperatorConfig sameSizeGru(ShapeMismatchPolicy policy) {
    ForecastOperatorConfig base = config(4);
    return new ForecastOperatorConfig(base.settings(), ModelSource.fresh(CellType.GRU, 8, 4, 42), 4,
        base.bundleInterval(), base.gapPolicy(), base.maxGapWindows(), base.stateTtl(), base.engine())
        .withShapeMismatch(policy);
  }

  @Test
  void stateFromAnotherShapeOfTheSameSizeStartsTheSensorAfreshInsteadOfBeingMisread() throws Exception {
    OperatorSubtaskState snapshot = lstmSnapshot();
    try (var restored = open(sameSizeGru(ShapeMismatchPolicy.RESET), snapshot)) {
      restored.processElement(window("a", 3));
      List<Forecast> out = finish(restored);
      assertThat(out).hasSize(1);
      assertThat(out.get(0).getResidual()).as("no forecast carried over").isNull();
    }
  }

  @Test
  void withFailOnShapeMismatchTheTaskFailsNamingBothShapes() throws Exception {
    OperatorSubtaskState snapshot = lstmSnapshot();
    var restored = open(sameSizeGru(ShapeMismatchPolicy.FAIL), snapshot);
    restored.processElement(window("a", 3));
    assertThatThrownBy(() -> finish(restored))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sensor 'a'")
        .hasMessageContaining("lstm hidden 8 x 2 layers, horizon 3")
        .hasMessageContaining("gru hidden 8 x 4 layers, horizon 3")
        .hasMessageContaining("state.on-shape-mismatch");
  }

  /**
   * A snapshot of sensor a after three windows of the harness's LSTM whose state was written as
   * {@code layoutVersion} with one float too few: no release wrote it, so neither an upgrade nor the
   * current layout can read it.
   */
  private static OperatorSubtaskState truncatedSnapshot(int layoutVersion) throws Exception {
    try (var harness = open(config(4), null)) {
      threeWindowsOfA(harness);
      KeyedStateBackend<Object> backend = ((ForecastOperator) harness.getOperator()).getKeyedStateBackend();
      backend.setCurrentKey("a");
      ValueState<SensorState> stored = backend.getPartitionedState(VoidNamespace.INSTANCE,
          VoidNamespaceSerializer.INSTANCE, ForecastOperator.stateDescriptor(Duration.ZERO));
      SensorState state = stored.value();
      float[] values = state.values();
      stored.update(new SensorState(state.lastWindowStart(),
          StateShape.withLayoutVersion(state.shape(), layoutVersion), Arrays.copyOf(values, values.length - 1)));
      return harness.snapshot(1, 1);
    }
  }

  @Test
  void aStateOfAnEarlierLayoutVersionThatDoesNotUpgradeStartsTheSensorAfreshInsteadOfBeingMisread()
      throws Exception {
    try (var restored = open(config(4), truncatedSnapshot(3))) {
      restored.processElement(window("a", 3));
      List<Forecast> out = finish(restored);
      assertThat(out).hasSize(1);
      assertThat(out.get(0).getResidual()).as("no forecast carried over").isNull();
    }
  }

  @Test
  void withFailOnShapeMismatchAStateOfAnEarlierLayoutVersionThatDoesNotUpgradeFailsTheTaskNamingItsVersion()
      throws Exception {
    var restored = open(config(4).withShapeMismatch(ShapeMismatchPolicy.FAIL), truncatedSnapshot(3));
    restored.processElement(window("a", 3));
    assertThatThrownBy(() -> finish(restored))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sensor 'a'")
        .hasMessageContaining("(layout version 3, ");
  }

  @Test
  void idleSensorsStateExpiresAfterItsTtl() throws Exception {
    ForecastOperatorConfig config = config(1, GapPolicy.IMPUTE, Duration.ofMinutes(10));
    try (var harness = open(config, null)) {
      harness.setStateTtlProcessingTime(0);
      harness.processElement(window("a", 0));
      harness.processElement(window("b", 0));
      harness.setStateTtlProcessingTime(Duration.ofMinutes(9).toMillis());
      harness.processElement(window("b", 1));
      harness.setStateTtlProcessingTime(Duration.ofMinutes(15).toMillis());
      harness.processElement(window("a", 1)); // a idle for 15 min: expired
      harness.processElement(window("b", 2)); // b written at 9 min: alive
      List<Forecast> out = forecasts(harness);
      Forecast a1 = out.get(1);
      Forecast b2 = out.get(4);
      assertThat(a1.getSensorId()).isEqualTo("a");
      assertThat(a1.getResidual()).as("a starts afresh").isNull();
      assertThat(b2.getSensorId()).isEqualTo("b");
      assertThat(b2.getResidual()).as("b keeps its forecast").isNotNull();
    }
  }
}
