package io.flowcast.model.pretrain;

import io.flowcast.model.CellType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the {@link Pretrainer} trains a forecasting model.
 *
 * @param cell recurrent cell of the model
 * @param hiddenSize hidden units per layer
 * @param layers stacked layers
 * @param init weight initialisation
 * @param optimizer Adam or SGD
 * @param momentum SGD's momentum in [0, 1) (ignored by Adam)
 * @param learningRate the optimiser's learning rate, > 0
 * @param clipNorm global gradient norm the gradients are clipped to, > 0; infinity = no clipping
 * @param weightDecay coupled L2 coefficient, >= 0
 * @param dropout dropout between layers in [0, 1) (needs 2+ layers when > 0)
 * @param epochs passes of {@code stepsPerEpoch} steps, >= 1
 * @param stepsPerEpoch optimiser steps per epoch; 0 = as many as one pass over the training steps
 *     takes on average ({@link #stepsPerEpoch(double)})
 * @param batchSize sequences per step, each a random slice of a random training series
 * @param sequenceLength windows per sequence (truncated backpropagation through time)
 * @param burnInWindows leading windows of each sequence not scored by the loss: the sequence starts
 *     from a zero state, which a live sensor has long left behind
 * @param patience epochs without a better validation loss before training stops early; 0 = never
 *     stop early
 * @param seed seed of the initial weights, the batch sampling and the dropout masks
 */
public record PretrainingSettings(
    CellType cell,
    int hiddenSize,
    int layers,
    WeightInit init,
    OptimizerChoice optimizer,
    double momentum,
    double learningRate,
    double clipNorm,
    double weightDecay,
    double dropout,
    int epochs,
    int stepsPerEpoch,
    int batchSize,
    int sequenceLength,
    int burnInWindows,
    int patience,
    long seed) {

  public PretrainingSettings {
    if (cell == null || init == null || optimizer == null) {
      throw new IllegalArgumentException("cell, init and optimizer are required");
    }
    if (hiddenSize < 1 || layers < 1 || epochs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("hidden size, layers, epochs and batch size must be >= 1");
    }
    if (stepsPerEpoch < 0 || patience < 0) {
      throw new IllegalArgumentException("steps per epoch and patience must be >= 0");
    }
    if (burnInWindows < 0 || sequenceLength <= burnInWindows) {
      throw new IllegalArgumentException("sequence length (" + sequenceLength
          + ") must exceed the burn-in (" + burnInWindows + ") >= 0");
    }
    // the optimiser, clipping and dropout values are checked by Trainer.Builder#build
  }

  /** Steps per epoch for {@code trainWeight} scored training steps: the setting, or one pass. */
  public int stepsPerEpoch(double trainWeight) {
    if (stepsPerEpoch > 0) {
      return stepsPerEpoch;
    }
    double perStep = (double) batchSize * (sequenceLength - burnInWindows);
    return (int) Math.max(1, Math.ceil(trainWeight / perStep));
  }

  /** The settings as JSON fields (checkpoint metadata and summaries). */
  public Map<String, Object> jsonFields() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cell", cell.id());
    json.put("hidden_size", hiddenSize);
    json.put("layers", layers);
    json.put("init", init.id());
    json.put("optimizer", optimizer.id());
    json.put("momentum", momentum);
    json.put("learning_rate", learningRate);
    json.put("clip_norm", Double.isInfinite(clipNorm) ? "off" : clipNorm);
    json.put("weight_decay", weightDecay);
    json.put("dropout", dropout);
    json.put("epochs", epochs);
    json.put("steps_per_epoch", stepsPerEpoch == 0 ? "auto" : stepsPerEpoch);
    json.put("batch_size", batchSize);
    json.put("sequence_length", sequenceLength);
    json.put("burn_in_windows", burnInWindows);
    json.put("patience", patience);
    json.put("seed", seed);
    json.put("loss", "mse");
    return json;
  }
}
