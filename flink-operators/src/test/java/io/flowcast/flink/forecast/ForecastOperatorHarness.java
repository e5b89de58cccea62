package io.flowcast.flink.forecast;

import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.CellType;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.ReplayWindow;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorReplay;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import io.flowcast.schemas.Forecast;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** Builds ForecastOperators in Flink's keyed operator test harness and reads their output. */
final class ForecastOperatorHarness {
  static final long WINDOW = 60_000L;
  static final ForecastSettings SETTINGS = ForecastSettings.defaults();

  private ForecastOperatorHarness() {}

  static ForecastOperatorConfig config(int bundleSize) {
    return config(bundleSize, GapPolicy.IMPUTE, Duration.ZERO);
  }

  static ForecastOperatorConfig config(int bundleSize, GapPolicy policy, Duration ttl) {
    return config(bundleSize, policy, ttl, SETTINGS);
  }

  static ForecastOperatorConfig config(int bundleSize, GapPolicy policy, Duration ttl, ForecastSettings settings) {
    return new ForecastOperatorConfig(settings, ModelSource.fresh(CellType.LSTM, 8, 2, 42),
        bundleSize, Duration.ZERO, policy, 12, ttl, StepEngines.JAVA);
  }

  static KeyedOneInputStreamOperatorTestHarness<String, WindowFeatures, Forecast> open(
      ForecastOperatorConfig config, OperatorSubtaskState restoreFrom) throws Exception {
    return open(config, restoreFrom, false);
  }

  /** As {@link #open(ForecastOperatorConfig, OperatorSubtaskState)}, on RocksDB if asked. */
  static KeyedOneInputStreamOperatorTestHarness<String, WindowFeatures, Forecast> open(
      ForecastOperatorConfig config, OperatorSubtaskState restoreFrom, boolean rocksDb) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, WindowFeatures, Forecast> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new ForecastOperator(config), window -> window.sensorId, Types.STRING);
    if (rocksDb) {
      harness.setStateBackend(new EmbeddedRocksDBStateBackend());
    }
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

  /** A sensor's window with a deterministic value; the record's timestamp is the window's last ms. */
  static StreamRecord<WindowFeatures> window(String sensor, long index) {
    double value = (1 + sensor.hashCode() % 7) * (10 + Math.sin(index / 3.0) + 0.1 * (index % 5));
    return window(sensor, index, value);
  }

  static StreamRecord<WindowFeatures> window(String sensor, long index, double mean) {
    long start = index * WINDOW;
    return new StreamRecord<>(
        new WindowFeatures(sensor, start, start + WINDOW, mean, mean, mean, mean, 1), start + WINDOW - 1);
  }

  /** Ends the input and closes the operator (which flushes its bundle); returns all forecasts. */
  static List<Forecast> finish(KeyedOneInputStreamOperatorTestHarness<String, WindowFeatures, Forecast> harness)
      throws Exception {
    return sorted(finishInEmissionOrder(harness));
  }

  /** As {@link #finish}, with the forecasts in the order the operator emitted them. */
  static List<Forecast> finishInEmissionOrder(
      KeyedOneInputStreamOperatorTestHarness<String, WindowFeatures, Forecast> harness) throws Exception {
    harness.endInput();
    harness.close();
    return emitted(harness);
  }

  /** The forecasts emitted so far, sorted by sensor and window. */
  static List<Forecast> forecasts(KeyedOneInputStreamOperatorTestHarness<String, WindowFeatures, Forecast> harness) {
    return sorted(emitted(harness));
  }

  /** The forecasts emitted so far, in emission order. */
  static List<Forecast> emitted(KeyedOneInputStreamOperatorTestHarness<String, WindowFeatures, Forecast> harness) {
    List<Forecast> out = new ArrayList<>();
    for (StreamRecord<? extends Forecast> record : harness.extractOutputStreamRecords()) {
      out.add(record.getValue());
    }
    return out;
  }

  private static List<Forecast> sorted(List<Forecast> forecasts) {
    forecasts.sort(Comparator.comparing((Forecast f) -> f.getSensorId()).thenComparing(Forecast::getWindowStart));
    return forecasts;
  }

  /**
   * Model-core's offline replay (what {@code flowcast evaluate} runs) set up as {@code config} sets
   * up the operator: its model, settings, engine, bundle size, gap policy and maximum gap.
   */
  static SensorReplay replay(ForecastOperatorConfig config) throws IOException {
    SensorForecaster forecaster = new SensorForecaster(
        RecurrentNetwork.compile(config.model().load(config.settings())), config.settings(),
        config.bundleSize(), StepEngines.named(config.engine()));
    return new SensorReplay(forecaster, config.gapPolicy(), config.maxGapWindows());
  }

  /** The replay's form of a window the operator receives. */
  static ReplayWindow replayWindow(StreamRecord<WindowFeatures> record) {
    WindowFeatures w = record.getValue();
    return new ReplayWindow(w.sensorId, w.windowStart, w.windowEnd, w.mean);
  }
}
