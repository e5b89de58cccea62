package io.flowcast.model.pretrain;

import java.util.List;

/**
 * Encoded history to pretrain on, from {@link TrainingSetEncoder}: the training series (the first
 * part of every sensor's history) and the validation series (the last part), with what the gap
 * policy did on the way.
 *
 * @param train series to draw training sequences from
 * @param validation series the validation loss is measured on (empty without a validation split)
 * @param windows windows with readings, all sensors together
 * @param imputedWindows missed windows stepped through on an imputed value
 * @param stateResets gaps that restart the recurrent state (a new series starts after each)
 */
public record TrainingSet(
    List<TrainingSeries> train, List<TrainingSeries> validation, long windows, long imputedWindows,
    long stateResets) {

  public TrainingSet {
    train = List.copyOf(train);
    validation = List.copyOf(validation);
  }

  /** Steps with a weight in the training loss. */
  public double trainWeight() {
    return train.stream().mapToDouble(TrainingSeries::totalWeight).sum();
  }

  /** Steps with a weight in the validation loss. */
  public double validationWeight() {
    return validation.stream().mapToDouble(TrainingSeries::totalWeight).sum();
  }
}
