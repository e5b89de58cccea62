package io.flowcast.flink.demo;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The evaluation both commands run and print: a fresh demo fleet replayed through the model. */
final class DemoEvaluation {
  private DemoEvaluation() {}

  /** Evaluates on {@code days} of a demo fleet; returns the fleet's description and the figures. */
  static Map<String, Object> run(ModelParameters model, int sensors, int days, long seed, Duration window) {
    if (sensors < 1 || days < 1) {
      throw new IllegalArgumentException("the evaluation needs >= 1 sensor and >= 1 day");
    }
    FleetSettings fleet = FleetSettings.demo(sensors, seed).withWindowMillis(window.toMillis());
    int windows = (int) (days * ForecastSettings.DAY_MILLIS / fleet.windowMillis());
    DemoFigures figures = new ForecastEvaluator(model, DemoSettings.forecast()).evaluate(fleet, windows);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("sensors", sensors);
    json.put("days", days);
    json.put("seed", seed);
    json.put("window_ms", fleet.windowMillis());
    json.putAll(figures.jsonFields());
    return json;
  }
}
