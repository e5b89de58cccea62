package io.flowcast.flink.job;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.step.BatchStepper;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngine;
import io.flowcast.model.train.Initializers;
import java.util.Random;

/**
 * The fixed model and data of {@link ClusterCheckJob}: a seeded two-layer LSTM (I=1, H=16, one
 * output) stepped over {@link #KEYS} sine waves of different phase, so that any JVM can recompute
 * the forecasts a TaskManager reports.
 */
public final class CheckModel {
  /** LSTM, one input, 16 hidden units, two layers, a one-value head. */
  public static final ModelConfig CONFIG = new ModelConfig(CellType.LSTM, 1, 16, 2, 1);
  /** Number of sequences stepped as one batch. */
  public static final int KEYS = 4;
  private static final long SEED = 42;

  private CheckModel() {}

  /**
   * Steps every key's sine wave {@code steps} times and returns the head's forecast per key after
   * the last step.
   *
   * @param engine the step engine
   */
  public static float[] forecast(int steps, StepEngine engine) {
    ModelParameters params = ModelParameters.zeros(CONFIG);
    Initializers.pytorchDefault(params, new Random(SEED));
    RecurrentNetwork network = RecurrentNetwork.compile(params);
    float[] states = new float[KEYS * network.stateLayout().size()];
    float[] inputs = new float[KEYS];
    float[] forecast = new float[KEYS];
    try (BatchStepper stepper = network.newStepper(KEYS, engine)) {
      for (int t = 0; t < steps; t++) {
        for (int key = 0; key < KEYS; key++) {
          inputs[key] = (float) Math.sin(0.2 * t + key);
        }
        stepper.step(KEYS, inputs, states);
      }
      stepper.head(KEYS, states, forecast);
    }
    return forecast;
  }
}
