package io.flowcast.flink.demo;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.ReplayWindow;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorReplay;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a simulated fleet, anomalies included, through model-core's {@link SensorReplay}, the
 * code the Flink job's ForecastOperator runs: window after window, every sensor's closed window in
 * bundles, from fresh sensor states. The records go to a {@link DemoScoreboard}, so the figures follow the demo's own
 * counting rules (errors after each sensor's warm-up, against persistence over the same windows;
 * injected anomalies flagged in their window).
 */
public final class ForecastEvaluator {
  /** Windows per bundle of the replay. */
  public static final int BUNDLE_SIZE = 32;

  private final ModelParameters model;
  private final ForecastSettings forecastSettings;

  public ForecastEvaluator(ModelParameters model, ForecastSettings forecastSettings) {
    SensorForecaster.requireFits(model.config(), forecastSettings);
    this.model = model;
    this.forecastSettings = forecastSettings;
  }

  /** Replays the first {@code windows} windows of the fleet and returns the figures. */
  public DemoFigures evaluate(FleetSettings fleet, int windows) {
    SensorFleetSimulator simulator = new SensorFleetSimulator(fleet);
    SensorForecaster forecaster = new SensorForecaster(
        RecurrentNetwork.compile(model), forecastSettings, BUNDLE_SIZE, StepEngines.java());
    int sensors = fleet.sensors();
    float[][] means = new float[sensors][];
    for (int s = 0; s < sensors; s++) {
      means[s] = simulator.windowMeans(s, 0, windows);
    }
    List<ReplayWindow> replayed = new ArrayList<>(windows * sensors);
    for (int w = 0; w < windows; w++) {
      long windowStart = simulator.windowStart(w);
      for (int s = 0; s < sensors; s++) {
        replayed.add(new ReplayWindow(SensorFleetSimulator.sensorId(s), windowStart,
            windowStart + fleet.windowMillis(), means[s][w]));
      }
    }
    DemoScoreboard scoreboard = new DemoScoreboard(fleet.windowMillis(), forecastSettings.warmUpWindows());
    scoreboard.addInjected(simulator.anomaliesInWindows(0, windows));
    scoreboard.addReadings((long) windows * sensors * fleet.readingsPerWindow());
    // the simulated fleet misses no window, so the gap policy never applies
    try (forecaster) {
      new SensorReplay(forecaster, GapPolicy.IMPUTE, 0).replay(replayed, forecast -> {
        float residual = forecast.residual();
        scoreboard.onForecast(forecast.window().sensorId(), forecast.window().start(),
            (float) forecast.window().mean(), Float.isNaN(residual) ? null : (double) residual, forecast.anomaly());
      });
    }
    return scoreboard.figures();
  }
}
