package io.flowcast.model.train;

import io.flowcast.model.ModelParameters;

/**
 * One optimiser step per call on a batch of sequences, updating a {@link ModelParameters} master
 * copy in place: {@link Trainer} (float64, the reference) and {@link FloatTrainer} (float32,
 * vectorised, for fine-tuning), both built by {@link Trainer.Builder}.
 */
public interface BatchTrainer {

  /** The parameters being trained (live). */
  ModelParameters parameters();

  /** Trains on every step: inputs {@code [T][B][I]}, targets {@code [T][B][K]}; returns the loss. */
  default double trainBatch(Tensor3 inputs, Tensor3 targets) {
    return trainBatch(inputs, targets, null);
  }

  /**
   * One training step with step weights {@code [T*B]} (see {@link Loss}, null for all ones);
   * returns the loss before the update.
   *
   * @throws IllegalStateException if the loss or the gradient norm is not finite (parameters untouched)
   */
  double trainBatch(Tensor3 inputs, Tensor3 targets, double[] stepWeights);

  /**
   * The loss of the model's predictions on {@code inputs} from a zero state, without dropout and
   * without an update (e.g. a validation loss); step weights as in {@link #trainBatch}.
   */
  double evaluate(Tensor3 inputs, Tensor3 targets, double[] stepWeights);

  /** Global gradient norm of the last step, before clipping (NaN before the first step). */
  double lastGradientNorm();
}
