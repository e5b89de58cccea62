package io.flowcast.model.pretrain;

import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.train.SequenceBatch;

/**
 * A run of consecutive model steps of one sensor, encoded as the streaming forecaster feeds them
 * ({@link WindowEncoding}), with the targets of each step and its weight in the loss (1, or 0 for
 * a step without a full horizon of observed targets, e.g. next to a missed window, or in a burn-in).
 * The recurrent state runs through it without a reset.
 */
public final class TrainingSeries {
  private final String sensorId;
  private final int length;
  private final int horizon;
  private final double[] inputs; // [length][INPUT_SIZE]
  private final double[] targets; // [length][horizon]
  private final double[] weights; // [length]

  TrainingSeries(String sensorId, int length, int horizon, double[] inputs, double[] targets, double[] weights) {
    this.sensorId = sensorId;
    this.length = length;
    this.horizon = horizon;
    this.inputs = inputs;
    this.targets = targets;
    this.weights = weights;
  }

  public String sensorId() {
    return sensorId;
  }

  /** Steps. */
  public int length() {
    return length;
  }

  /** Model input {@code j} of step {@code t} ({@link WindowEncoding}: z, sin, cos). */
  public double input(int t, int j) {
    return inputs[t * WindowEncoding.INPUT_SIZE + j];
  }

  /** Target {@code k} of step {@code t}: the normalised value k + 1 steps later. */
  public double target(int t, int k) {
    return targets[t * horizon + k];
  }

  /** Weight of step {@code t} in the loss. */
  public double weight(int t) {
    return weights[t];
  }

  /** Sum of the steps' weights: the steps the loss sees. */
  public double totalWeight() {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    return sum;
  }

  /**
   * Copies steps {@code [from, from + count)} into column {@code b} of a batch of T >= count steps,
   * the first {@code burnIn} of them weighted 0; the rest of the column up to T is left as it is.
   */
  void copyInto(int from, int count, int burnIn, SequenceBatch batch, int b) {
    int size = batch.inputs().dim1();
    for (int t = 0; t < count; t++) {
      System.arraycopy(inputs, (from + t) * WindowEncoding.INPUT_SIZE, batch.inputs().data(),
          batch.inputs().index(t, b, 0), WindowEncoding.INPUT_SIZE);
      System.arraycopy(targets, (from + t) * horizon, batch.targets().data(), batch.targets().index(t, b, 0), horizon);
      batch.weights()[t * size + b] = t < burnIn ? 0 : weights[from + t];
    }
  }
}
