package io.flowcast.model.train;

import io.flowcast.model.ModelParameters;
import java.util.List;
import java.util.Map;

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

  /** {@link #trainBatch(Tensor3, Tensor3, double[])} on a packed batch. */
  default double trainBatch(SequenceBatch batch) {
    return trainBatch(batch.inputs(), batch.targets(), batch.weights());
  }

  /**
   * The loss over several batches: each batch's {@link #evaluate} weighted by its total step weight
   * (so the mean over every scored target, as one big batch would give); batches without weight are
   * skipped; NaN if none has weight.
   */
  default double evaluate(List<SequenceBatch> batches) {
    double weighted = 0;
    double totalWeight = 0;
    for (SequenceBatch batch : batches) {
      double weight = batch.totalWeight();
      if (weight > 0) {
        weighted += weight * evaluate(batch.inputs(), batch.targets(), batch.weights());
        totalWeight += weight;
      }
    }
    return totalWeight == 0 ? Double.NaN : weighted / totalWeight;
  }

  /** Global gradient norm of the last step, before clipping (NaN before the first step). */
  double lastGradientNorm();

  /** A copy of the optimiser's state ({@link Optimizer#state()}), e.g. to checkpoint it. */
  Map<String, double[]> optimizerState();
}
