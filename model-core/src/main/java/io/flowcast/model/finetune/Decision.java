package io.flowcast.model.finetune;

import io.flowcast.model.ModelParameters;

/**
 * What {@link FineTuner#finish} decided about a round.
 *
 * @param outcome {@link RoundOutcome#ACCEPTED} or why the candidate was rejected
 * @param detail what the decision rests on, for people
 * @param version the serving version after the decision: the new one if accepted, else unchanged
 * @param parentVersion the version the round's candidate was trained from
 * @param trainLoss mean of the last epoch's batch losses
 * @param validationLoss the candidate's validation loss
 * @param servingValidationLoss the base model's validation loss on the same samples
 * @param samplesSeen samples the fine-tuner had received when it decided
 * @param candidate the round's weights (serving now if accepted)
 */
public record Decision(
    RoundOutcome outcome,
    String detail,
    long version,
    long parentVersion,
    double trainLoss,
    double validationLoss,
    double servingValidationLoss,
    long samplesSeen,
    ModelParameters candidate) {

  /** Whether the candidate became the serving model. */
  public boolean accepted() {
    return outcome == RoundOutcome.ACCEPTED;
  }
}
