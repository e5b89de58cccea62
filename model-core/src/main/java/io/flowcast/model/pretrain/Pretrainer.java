package io.flowcast.model.pretrain;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.train.SequenceBatch;
import io.flowcast.model.train.Trainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Pretrains a forecasting model on encoded history ({@link TrainingSet}, from
 * {@link TrainingSetEncoder}), whatever it came from (CSV files, a simulated fleet): each epoch
 * takes {@code stepsPerEpoch} optimiser steps ({@link Trainer}, MSE on the normalised horizon),
 * each on a batch of random slices (a training series drawn uniformly among those at least one
 * sequence long, then an offset uniformly), with a burn-in at the start of each slice that the loss
 * ignores. After each epoch the validation loss is measured on the validation series; with
 * {@code patience} epochs in a row without a new lowest one, training stops early, and the result
 * holds the weights of the best epoch. Deterministic for a seed.
 */
public final class Pretrainer {
  private final PretrainingSettings settings;
  private final int horizon;

  /** Receives the progress of training. */
  public interface Progress {
    /** Ignores everything. */
    Progress NONE = new Progress() {};

    /** Training starts: {@code epochs} epochs of {@code stepsPerEpoch} steps at the most. */
    default void onStart(int epochs, int stepsPerEpoch) {}

    /** The loss of each optimiser step (1-based within its epoch). */
    default void onStep(int epoch, int step, double loss) {}

    /** An epoch ended. */
    default void onEpoch(EpochLoss loss) {}
  }

  /**
   * @param horizon windows ahead the model forecasts: its head's outputs
   */
  public Pretrainer(PretrainingSettings settings, int horizon) {
    this.settings = settings;
    this.horizon = horizon;
  }

  /**
   * Trains a fresh model on {@code data}.
   *
   * @throws IllegalArgumentException if no training series is one sequence long, or a setting is
   *     invalid
   */
  public PretrainingResult pretrain(TrainingSet data, Progress progress) {
    long started = System.nanoTime();
    List<TrainingSeries> eligible = data.train().stream()
        .filter(series -> series.length() >= settings.sequenceLength())
        .toList();
    if (eligible.isEmpty()) {
      throw new IllegalArgumentException("no training series is as long as one sequence of "
          + settings.sequenceLength() + " windows");
    }
    ModelParameters parameters = ModelParameters.zeros(new ModelConfig(settings.cell(),
        WindowEncoding.INPUT_SIZE, settings.hiddenSize(), settings.layers(), horizon));
    Random random = new Random(settings.seed());
    settings.init().apply(parameters, random);
    Trainer trainer = trainer(parameters);
    int stepsPerEpoch = settings.stepsPerEpoch(data.trainWeight());
    progress.onStart(settings.epochs(), stepsPerEpoch);

    SequenceBatch batch = batch(settings.sequenceLength(), settings.batchSize());
    List<Double> stepLosses = new ArrayList<>();
    List<EpochLoss> epochs = new ArrayList<>();
    ModelParameters best = parameters;
    int bestEpoch = 0;
    boolean stoppedEarly = false;
    for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
      double sum = 0;
      int steps = 0;
      for (int step = 1; step <= stepsPerEpoch; step++) {
        sample(batch, eligible, random);
        if (batch.totalWeight() == 0) {
          continue; // every sampled step lies next to a missed window: nothing to learn from
        }
        double loss = trainer.trainBatch(batch);
        sum += loss;
        steps++;
        stepLosses.add(loss);
        progress.onStep(epoch, step, loss);
      }
      EpochLoss losses = new EpochLoss(epoch, steps, steps == 0 ? Double.NaN : sum / steps,
          validationLoss(trainer, data.validation()));
      epochs.add(losses);
      progress.onEpoch(losses);
      if (data.validation().isEmpty()) {
        bestEpoch = epoch;
      } else if (bestEpoch == 0 || losses.validationLoss() < epochs.get(bestEpoch - 1).validationLoss()) {
        bestEpoch = epoch;
        best = parameters.copy();
      } else if (settings.patience() > 0 && epoch - bestEpoch >= settings.patience() && epoch < settings.epochs()) {
        stoppedEarly = true;
        break;
      }
    }
    ModelParameters result = data.validation().isEmpty() ? parameters : best;
    result.requireFinite();
    int tenth = Math.max(1, stepLosses.size() / 10);
    return new PretrainingResult(result, epochs, bestEpoch, stoppedEarly,
        mean(stepLosses, 0, tenth), mean(stepLosses, stepLosses.size() - tenth, stepLosses.size()),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private Trainer trainer(ModelParameters parameters) {
    Trainer.Builder builder = Trainer.builder(parameters)
        .learningRate(settings.learningRate())
        .clipNorm(settings.clipNorm())
        .weightDecay(settings.weightDecay())
        .dropout(settings.dropout())
        .seed(settings.seed());
    if (settings.optimizer() == OptimizerChoice.SGD) {
      builder.sgd(settings.momentum());
    } else {
      builder.adam();
    }
    return builder.build();
  }

  /** Weighted mean loss over every validation series, run whole from a zero state; NaN if none. */
  private double validationLoss(Trainer trainer, List<TrainingSeries> validation) {
    List<SequenceBatch> batches = new ArrayList<>();
    for (int first = 0; first < validation.size(); first += settings.batchSize()) {
      List<TrainingSeries> group =
          validation.subList(first, Math.min(validation.size(), first + settings.batchSize()));
      SequenceBatch batch =
          batch(group.stream().mapToInt(TrainingSeries::length).max().orElseThrow(), group.size());
      for (int b = 0; b < group.size(); b++) {
        group.get(b).copyInto(0, group.get(b).length(), 0, batch, b);
      }
      batches.add(batch);
    }
    return trainer.evaluate(batches);
  }

  private static double mean(List<Double> values, int from, int to) {
    if (to <= from) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += values.get(i);
    }
    return sum / (to - from);
  }

  private SequenceBatch batch(int steps, int size) {
    return new SequenceBatch(steps, size, WindowEncoding.INPUT_SIZE, horizon);
  }

  /** Fills every column with a random slice of a random series. */
  private void sample(SequenceBatch batch, List<TrainingSeries> series, Random random) {
    int length = batch.inputs().dim0();
    for (int b = 0; b < batch.inputs().dim1(); b++) {
      TrainingSeries picked = series.get(random.nextInt(series.size()));
      int from = random.nextInt(picked.length() - length + 1);
      picked.copyInto(from, length, settings.burnInWindows(), batch, b);
    }
  }
}
