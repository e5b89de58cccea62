package io.flowcast.model.finetune;

import io.flowcast.model.ModelParameters;
import java.util.Map;

/**
 * What {@link Round#run()} computed: the candidate and its losses, and the verdict of the
 * acceptance test ({@link RoundOutcome#ACCEPTED} or the reason it failed; {@link
 * FineTuner#finish} may still find it {@link RoundOutcome#SUPERSEDED}).
 *
 * @param round the round's number (1-based)
 * @param baseVersion the serving version the round started from
 * @param outcome the verdict on the candidate
 * @param detail what the verdict rests on, for people
 * @param candidate the trained weights (the base weights where training failed)
 * @param trainLoss mean of the last epoch's batch losses (NaN where training failed)
 * @param validationLoss the candidate's loss on the validation slice (NaN where training failed)
 * @param servingValidationLoss the base weights' loss on the same slice
 * @param optimizerState the optimiser state after the round
 */
public record RoundResult(
    long round,
    long baseVersion,
    RoundOutcome outcome,
    String detail,
    ModelParameters candidate,
    double trainLoss,
    double validationLoss,
    double servingValidationLoss,
    Map<String, double[]> optimizerState) {}
