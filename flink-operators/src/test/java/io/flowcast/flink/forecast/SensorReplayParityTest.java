package io.flowcast.flink.forecast;

import static io.flowcast.flink.forecast.ForecastOperatorHarness.config;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.finish;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.open;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.replay;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.replayWindow;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.ReplayForecast;
import io.flowcast.model.forecast.ReplayWindow;
import io.flowcast.schemas.Forecast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** The offline replay of model-core gives what the ForecastOperator emits for the same windows. */
class SensorReplayParityTest {
  private static final int BUNDLE = 5;

  /**
   * Three sensors over 120 windows: b misses short gaps (imputed) and one longer than the maximum
   * (reset), c gets late re-firings (stale) and values that jump (scored from window 61 on, some flagged).
   */
  private static List<StreamRecord<WindowFeatures>> windows() {
    List<StreamRecord<WindowFeatures>> out = new ArrayList<>();
    for (int t = 0; t < 120; t++) {
      out.add(window("a", t));
      boolean bMisses = t % 11 == 3 || t % 11 == 4 || (t >= 30 && t < 44);
      if (!bMisses) {
        out.add(window("b", t));
      }
      out.add(t > 70 && t % 13 == 7 ? window("c", t, 200.0) : window("c", t));
      if (t % 7 == 5) {
        out.add(window("c", t - 1));
      }
    }
    return out;
  }

  private static List<Forecast> runOperator(GapPolicy policy) throws Exception {
    try (var harness = open(config(BUNDLE, policy, Duration.ZERO), null)) {
      for (StreamRecord<WindowFeatures> window : windows()) {
        harness.processElement(window);
      }
      return finish(harness);
    }
  }

  private static List<ReplayForecast> runReplay(GapPolicy policy) throws Exception {
    List<ReplayWindow> windows = new ArrayList<>();
    for (StreamRecord<WindowFeatures> record : windows()) {
      windows.add(replayWindow(record));
    }
    List<ReplayForecast> out = new ArrayList<>(replay(config(BUNDLE, policy, Duration.ZERO)).replay(windows));
    out.sort(Comparator.comparing((ReplayForecast f) -> f.window().sensorId())
        .thenComparingLong(f -> f.window().start()));
    return out;
  }

  @Test
  void replayEmitsWhatTheOperatorEmitsUnderEveryGapPolicy() throws Exception {
    for (GapPolicy policy : GapPolicy.values()) {
      List<Forecast> streamed = runOperator(policy);
      List<ReplayForecast> replayed = runReplay(policy);
      assertThat(replayed).as(policy.name()).hasSameSizeAs(streamed);
      for (int i = 0; i < streamed.size(); i++) {
        assertThat(fields(replayed.get(i))).as(policy + " forecast " + i).isEqualTo(fields(streamed.get(i)));
      }
      assertThat(streamed).as("the windows exercise missed windows and anomalies")
          .anyMatch(f -> f.getMissedWindows() > 0)
          .anyMatch(Forecast::getAnomaly);
    }
  }

  private static Map<String, Object> fields(Forecast f) {
    return Map.of("sensor", f.getSensorId(), "start", f.getWindowStart().toEpochMilli(),
        "forecasts", f.getForecasts(), "lower", f.getLower(), "upper", f.getUpper(),
        "residual", String.valueOf(f.getResidual()), "score", String.valueOf(f.getAnomalyScore()),
        "anomaly", f.getAnomaly(), "missed", f.getMissedWindows());
  }

  private static Map<String, Object> fields(ReplayForecast f) {
    return Map.of("sensor", f.window().sensorId(), "start", f.window().start(),
        "forecasts", doubles(f.forecasts()), "lower", doubles(f.lower()), "upper", doubles(f.upper()),
        "residual", orNull(f.residual()), "score", orNull(f.score()),
        "anomaly", f.anomaly(), "missed", f.missedWindows());
  }

  private static List<Double> doubles(float[] values) {
    List<Double> out = new ArrayList<>();
    for (float value : values) {
      out.add((double) value);
    }
    return out;
  }

  private static String orNull(float value) {
    return String.valueOf(Float.isNaN(value) ? null : (Double) (double) value);
  }
}
