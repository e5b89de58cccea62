package io.flowcast.flink.demo;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.cli.HistorySource;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.SensorWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code train --simulated}: the history of the demo's fleet without anomalies
 * ({@link SensorFleetSimulator}), every window present, instead of CSV files; after training the
 * written model is evaluated on a fresh fleet with anomalies ({@link DemoEvaluation}). A picocli
 * mixin of the {@code train} command, added by the {@code flowcast} command line.
 */
public final class SimulatedFleetHistory implements HistorySource {
  @Option(names = "--simulated", description = "Train on the demo's simulated fleet instead of --data.")
  private boolean selected;

  @Option(names = "--sensors", defaultValue = "64",
      description = "With --simulated: sensors to train on (default: ${DEFAULT-VALUE}).")
  private int sensors;

  @Option(names = "--days", defaultValue = "14",
      description = "With --simulated: days of history per sensor (default: ${DEFAULT-VALUE}).")
  private int days;

  @Option(names = "--fleet-seed", defaultValue = "7",
      description = "With --simulated: seed of the training fleet (default: ${DEFAULT-VALUE}).")
  private long fleetSeed;

  @Option(names = "--eval-sensors", defaultValue = "64",
      description = "With --simulated: sensors of the evaluation fleet (default: ${DEFAULT-VALUE}).")
  private int evalSensors;

  @Option(names = "--eval-days", defaultValue = "3",
      description = "With --simulated: days of the evaluation (default: ${DEFAULT-VALUE}).")
  private int evalDays;

  @Option(names = "--eval-seed", defaultValue = "11",
      description = "With --simulated: seed of the evaluation fleet, unseen in training (default: ${DEFAULT-VALUE}).")
  private long evalSeed;

  @Override
  public boolean selected() {
    return selected;
  }

  /**
   * @throws IllegalArgumentException if the fleet cannot have windows of {@code windowMillis}, or
   *     sensors or days are below 1
   */
  @Override
  public List<SensorWindows> windows(long windowMillis) {
    if (sensors < 1 || days < 1) {
      throw new IllegalArgumentException("--sensors and --days must be >= 1");
    }
    FleetSettings fleet = trainingFleet(windowMillis);
    SensorFleetSimulator simulator = new SensorFleetSimulator(fleet);
    int windows = (int) (days * ForecastSettings.DAY_MILLIS / windowMillis);
    long[] starts = new long[windows];
    for (int w = 0; w < windows; w++) {
      starts[w] = fleet.startMillis() + w * windowMillis;
    }
    List<SensorWindows> history = new ArrayList<>(sensors);
    for (int s = 0; s < sensors; s++) {
      float[] means = simulator.windowMeans(s, 0, windows);
      double[] values = new double[windows];
      for (int w = 0; w < windows; w++) {
        values[w] = means[w];
      }
      history.add(new SensorWindows(SensorFleetSimulator.sensorId(s), windowMillis, starts, values));
    }
    return history;
  }

  /** The fleet whose history is trained on: the demo fleet without anomalies. */
  FleetSettings trainingFleet(long windowMillis) {
    return FleetSettings.demo(sensors, fleetSeed).withWindowMillis(windowMillis).withAnomalyRate(0);
  }

  @Override
  public Map<String, Object> describe() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("source", "simulated fleet");
    json.put("sensors", sensors);
    json.put("days", days);
    json.put("fleet_seed", fleetSeed);
    json.put("anomaly_rate", 0);
    return json;
  }

  @Override
  public Map<String, Object> evaluate(ModelParameters model, long windowMillis) {
    return DemoEvaluation.run(model, evalSensors, evalDays, evalSeed, Duration.ofMillis(windowMillis));
  }
}
