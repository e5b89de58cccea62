package io.flowcast.model.pretrain;

import io.flowcast.model.ModelParameters;
import java.time.Duration;
import java.util.List;

/**
 * A pretrained model and how its training went.
 *
 * @param parameters the trained weights: with validation, those of the epoch with the lowest
 *     validation loss; otherwise those after the last step
 * @param epochs the losses of every epoch run
 * @param bestEpoch the epoch whose weights these are
 * @param stoppedEarly whether the validation loss stopped improving for {@code patience} epochs
 * @param initialLoss mean training loss of the first tenth of all steps
 * @param finalLoss mean training loss of the last tenth of all steps
 * @param elapsed wall time of the training
 */
public record PretrainingResult(
    ModelParameters parameters,
    List<EpochLoss> epochs,
    int bestEpoch,
    boolean stoppedEarly,
    double initialLoss,
    double finalLoss,
    Duration elapsed) {

  public PretrainingResult {
    epochs = List.copyOf(epochs);
  }

  /** The losses of {@link #bestEpoch()}. */
  public EpochLoss best() {
    return epochs.get(bestEpoch - 1);
  }
}
