package io.flowcast.flink.demo;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.WindowBatch;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;

/**
 * Replays a simulated fleet, anomalies included, through the streaming {@link SensorForecaster}
 * as the Flink job would: window after window, every sensor's closed window in bundles, from fresh
 * sensor states. The records go to a {@link DemoScoreboard}, so the figures follow the demo's own
 * counting rules (errors after each sensor's warm-up, against persistence over the same windows;
 * injected anomalies flagged in their window).
 */
public final class ForecastEvaluator {
  /** Windows per {@link SensorForecaster#advance} call. */
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
    float[][] states = new float[sensors][];
    for (int s = 0; s < sensors; s++) {
      means[s] = simulator.windowMeans(s, 0, windows);
      states[s] = forecaster.newSensorState();
    }
    DemoScoreboard scoreboard = new DemoScoreboard(fleet.windowMillis(), forecastSettings.warmUpWindows());
    scoreboard.addInjected(simulator.anomaliesInWindows(0, windows));
    scoreboard.addReadings((long) windows * sensors * fleet.readingsPerWindow());
    WindowBatch batch = new WindowBatch(BUNDLE_SIZE, forecastSettings.horizon());
    for (int w = 0; w < windows; w++) {
      long windowStart = simulator.windowStart(w);
      for (int first = 0; first < sensors; first += BUNDLE_SIZE) {
        int last = Math.min(sensors, first + BUNDLE_SIZE);
        batch.clear();
        for (int s = first; s < last; s++) {
          batch.addObserved(states[s], windowStart, means[s][w]);
        }
        forecaster.advance(batch);
        for (int row = 0; row < batch.size(); row++) {
          float residual = batch.residual(row);
          scoreboard.onForecast(SensorFleetSimulator.sensorId(first + row), windowStart, batch.actual(row),
              Float.isNaN(residual) ? null : (double) residual, forecaster.isAnomaly(batch.score(row)));
        }
      }
    }
    return scoreboard.figures();
  }
}
