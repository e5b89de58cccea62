package io.flowcast.model.train;

/**
 * A batch of sequences packed as the trainers take them: inputs {@code [T][B][I]}, targets {@code
 * [T][B][K]} and step weights {@code [T*B]} at index {@code t * B + b}, all zero until filled, so a
 * sequence shorter than T is padded with unscored steps (a recurrent model is causal: steps after
 * a sequence's end do not change its loss).
 */
public final class SequenceBatch {
  private final Tensor3 inputs;
  private final Tensor3 targets;
  private final double[] weights;

  /** An all-zero batch of {@code size} sequences of {@code steps} steps. */
  public SequenceBatch(int steps, int size, int inputWidth, int targetWidth) {
    inputs = Tensor3.zeros(steps, size, inputWidth);
    targets = Tensor3.zeros(steps, size, targetWidth);
    weights = new double[steps * size];
  }

  /** {@code [T][B][I]} (live). */
  public Tensor3 inputs() {
    return inputs;
  }

  /** {@code [T][B][K]} (live). */
  public Tensor3 targets() {
    return targets;
  }

  /** {@code [T*B]}, index {@code t * B + b} (live). */
  public double[] weights() {
    return weights;
  }

  /** Sum of the step weights: 0 when no step is scored. */
  public double totalWeight() {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    return sum;
  }
}
