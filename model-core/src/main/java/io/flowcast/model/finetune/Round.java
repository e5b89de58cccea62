package io.flowcast.model.finetune;

import io.flowcast.model.InvalidParameterException;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.train.FloatTrainer;
import io.flowcast.model.train.SequenceBatch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * One fine-tuning round, taken by {@link FineTuner#startRound}: an immutable snapshot of the base
 * weights, the optimiser state and the replay buffer's samples, shared with nothing, so that {@link
 * #run()} may run on another thread while the fine-tuner goes on receiving samples.
 *
 * <p>{@link #run()} trains a copy of the base weights with the float32 trainer for {@code
 * epochsPerRound} epochs, each over every training sample once, shuffled by a generator seeded with
 * the round's seed, in batches of {@code batchSize} (the last, partial batch kept), starting from
 * the base optimiser state; then it measures the candidate's and the base weights' loss on the
 * validation slice with the samples' step weights, and applies the acceptance test. It is pure: the
 * same round gives the same result each time it runs.
 */
public final class Round {
  private final FineTuneSettings settings;
  private final long number;
  private final long baseVersion;
  private final ModelParameters base;
  private final Map<String, double[]> optimizerState;
  private final List<TrainingSample> training;
  private final List<TrainingSample> validation;
  private final long seed;

  Round(FineTuneSettings settings, long number, long baseVersion, ModelParameters base,
      Map<String, double[]> optimizerState, List<TrainingSample> training, List<TrainingSample> validation) {
    this.settings = settings;
    this.number = number;
    this.baseVersion = baseVersion;
    this.base = base.copy();
    this.optimizerState = deepCopy(optimizerState);
    this.training = List.copyOf(training);
    this.validation = List.copyOf(validation);
    this.seed = Seeds.random(settings.seed(), number).nextLong();
  }

  /** The round's number, 1-based. */
  public long number() {
    return number;
  }

  /** The serving version the round trains from. */
  public long baseVersion() {
    return baseVersion;
  }

  /** Trains, validates and judges the candidate; see the class comment. */
  /**
   * Trains and validates the candidate.
   *
   * @throws java.util.concurrent.CancellationException if the running thread is interrupted (the
   *     round is then abandoned; nothing was changed)
   */
  public RoundResult run() {
    List<SequenceBatch> validationBatches = SampleBatches.of(validation, settings.batchSize());
    double servingLoss = settings.trainer(base, Map.of(), seed).evaluate(validationBatches);
    ModelParameters candidate = base.copy();
    FloatTrainer trainer = settings.trainer(candidate, optimizerState, ~seed);
    double trainLoss;
    try {
      trainLoss = train(trainer);
    } catch (IllegalStateException e) {
      return failed(RoundOutcome.NON_FINITE_LOSS, "training: " + e.getMessage(), servingLoss);
    }
    try {
      candidate.requireFinite();
    } catch (InvalidParameterException e) {
      return failed(RoundOutcome.NON_FINITE_WEIGHTS, "training left " + e.getMessage(), servingLoss);
    }
    double candidateLoss = trainer.evaluate(validationBatches);
    if (!Double.isFinite(candidateLoss)) {
      return failed(RoundOutcome.NON_FINITE_LOSS, "candidate validation loss is " + candidateLoss, servingLoss);
    }
    boolean accepted = settings.accepts(candidateLoss, servingLoss);
    String detail = "candidate validation loss " + candidateLoss + (accepted ? " within " : " beyond ")
        + "serving validation loss " + servingLoss + " with tolerance " + settings.tolerance();
    return new RoundResult(number, baseVersion,
        accepted ? RoundOutcome.ACCEPTED : RoundOutcome.WORSE_VALIDATION, detail, candidate, trainLoss,
        candidateLoss, servingLoss, trainer.optimizerState());
  }

  /** Runs the epochs; returns the mean batch loss of the last one. */
  private double train(FloatTrainer trainer) {
    Random shuffle = new Random(seed);
    List<TrainingSample> order = new ArrayList<>(training);
    double meanLoss = Double.NaN;
    for (int epoch = 0; epoch < settings.epochsPerRound(); epoch++) {
      Collections.shuffle(order, shuffle);
      double sum = 0;
      List<SequenceBatch> batches = SampleBatches.of(order, settings.batchSize());
      for (SequenceBatch batch : batches) {
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("fine-tuning round " + number + " cancelled");
        }
        sum += trainer.trainBatch(batch);
      }
      meanLoss = sum / batches.size();
    }
    return meanLoss;
  }

  private RoundResult failed(RoundOutcome outcome, String detail, double servingLoss) {
    return new RoundResult(number, baseVersion, outcome, detail, base.copy(), Double.NaN, Double.NaN,
        servingLoss, deepCopy(optimizerState));
  }

  /** A copy of an optimiser state, arrays included. */
  static Map<String, double[]> deepCopy(Map<String, double[]> state) {
    Map<String, double[]> copy = new HashMap<>();
    state.forEach((key, values) -> copy.put(key, values.clone()));
    return copy;
  }
}
