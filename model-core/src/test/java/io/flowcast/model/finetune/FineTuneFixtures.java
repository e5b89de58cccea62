package io.flowcast.model.finetune;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.pretrain.OptimizerChoice;
import io.flowcast.model.testutils.RandomModels;
import io.flowcast.model.train.Loss;

/** Settings, models and hand-built samples of a learnable pattern for the fine-tuner tests. */
final class FineTuneFixtures {
  static final int STEPS = 12;
  static final int BURN_IN = 3;
  static final int HORIZON = 2;
  static final int PERIOD = 8;

  private FineTuneFixtures() {}

  /** Adam, batches of 8, 2 epochs, buffer 64 + 16 held out, a round per 32 samples or minute. */
  static FineTuneSettings settings(OptimizerChoice optimizer, double learningRate, double tolerance) {
    return new FineTuneSettings(Loss.MSE, optimizer, 0.9, learningRate, 8, 2, 0, 1.0, 0, 64, 16, 32,
        60_000, 16, tolerance, 7);
  }

  /** {@link #settings(OptimizerChoice, double, double)} with Adam at 0.02 and tolerance 0.05. */
  static FineTuneSettings settings() {
    return settings(OptimizerChoice.ADAM, 0.02, 0.05);
  }

  /** A 1-layer LSTM, hidden 8, head of {@code outputs}. */
  static ModelParameters model(int outputs) {
    return RandomModels.parameters(new ModelConfig(CellType.LSTM, WindowEncoding.INPUT_SIZE, 8, 1, outputs), 3);
  }

  /**
   * The i-th sample of sensor {@code sensor}: a square-ish wave of period {@link #PERIOD} whose value
   * the phase inputs (sin, cos of the position in the period) determine, plus {@code offset}; the
   * targets are the next {@link #HORIZON} values; the first {@link #BURN_IN} steps are unscored.
   */
  static TrainingSample sample(String sensor, int i, double offset) {
    float[] inputs = new float[STEPS * WindowEncoding.INPUT_SIZE];
    float[] targets = new float[STEPS * HORIZON];
    float[] weights = new float[STEPS];
    for (int t = 0; t < STEPS; t++) {
      int position = i + t;
      double angle = 2 * Math.PI * position / PERIOD;
      inputs[t * WindowEncoding.INPUT_SIZE] = (float) value(position, offset);
      inputs[t * WindowEncoding.INPUT_SIZE + 1] = (float) Math.sin(angle);
      inputs[t * WindowEncoding.INPUT_SIZE + 2] = (float) Math.cos(angle);
      for (int k = 0; k < HORIZON; k++) {
        targets[t * HORIZON + k] = (float) value(position + k + 1, offset);
      }
      weights[t] = t < BURN_IN ? 0 : 1;
    }
    return new TrainingSample(sensor, 60_000L * i, STEPS, HORIZON, inputs, targets, weights);
  }

  private static double value(int position, double offset) {
    return offset + (Math.floorMod(position, PERIOD) < PERIOD / 2 ? 1 : -1);
  }
}
