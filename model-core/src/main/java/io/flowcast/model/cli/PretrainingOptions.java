package io.flowcast.model.cli;

import io.flowcast.model.CellType;
import io.flowcast.model.pretrain.OptimizerChoice;
import io.flowcast.model.pretrain.PretrainingSettings;
import io.flowcast.model.pretrain.WeightInit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The model and training options of every command that pretrains a model ({@code train},
 * {@code evaluate --pretrain-fraction}), as a picocli mixin: {@link #settings()} turns them into
 * {@link PretrainingSettings}.
 */
public final class PretrainingOptions {
  // ---- model ----
  @Option(names = "--cell", defaultValue = "lstm", converter = CellTypeConverter.class,
      description = "rnn, rnn-relu, lstm, lstm-peephole or gru (default: ${DEFAULT-VALUE}).")
  private CellType cell;

  @Option(names = {"--hidden-size", "--hidden"}, defaultValue = "32", description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
  private int hiddenSize;

  @Option(names = "--layers", defaultValue = "1", description = "Stacked layers (default: ${DEFAULT-VALUE}).")
  private int layers;

  @Option(names = "--init", defaultValue = "xavier-orthogonal", converter = WeightInitConverter.class,
      description = "Weight init: xavier-orthogonal or pytorch (default: ${DEFAULT-VALUE}).")
  private WeightInit init;

  // ---- training ----
  @Option(names = "--epochs", defaultValue = "20", description = "Epochs at the most (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(names = "--steps-per-epoch", defaultValue = "0",
      description = "Optimiser steps per epoch; 0 = one pass over the training windows (default: ${DEFAULT-VALUE}).")
  private int stepsPerEpoch;

  @Option(names = {"--batch-size", "--batch"}, defaultValue = "32", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(names = {"--sequence-length", "--slice"}, defaultValue = "64",
      description = "Windows per sequence, truncated BPTT (default: ${DEFAULT-VALUE}).")
  private int sequenceLength;

  @Option(names = "--burn-in", defaultValue = "16",
      description = "Leading windows of a sequence left out of the loss (default: ${DEFAULT-VALUE}).")
  private int burnIn;

  @Option(names = "--optimizer", defaultValue = "adam", converter = OptimizerConverter.class,
      description = "adam or sgd (default: ${DEFAULT-VALUE}).")
  private OptimizerChoice optimizer;

  @Option(names = "--momentum", defaultValue = "0.9", description = "SGD's momentum (default: ${DEFAULT-VALUE}).")
  private double momentum;

  @Option(names = "--learning-rate", defaultValue = "0.01", description = "Learning rate (default: ${DEFAULT-VALUE}).")
  private double learningRate;

  @Option(names = "--clip-norm", defaultValue = "1.0",
      description = "Global gradient norm clip; 0 = off (default: ${DEFAULT-VALUE}).")
  private double clipNorm;

  @Option(names = {"--l2", "--weight-decay"}, defaultValue = "0", description = "L2 weight decay (default: ${DEFAULT-VALUE}).")
  private double weightDecay;

  @Option(names = "--dropout", defaultValue = "0", description = "Dropout between layers (default: ${DEFAULT-VALUE}).")
  private double dropout;

  @Option(names = "--patience", defaultValue = "3",
      description = "Epochs without a better validation loss before stopping; 0 = never (default: ${DEFAULT-VALUE}).")
  private int patience;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of weights, batches, dropout (default: ${DEFAULT-VALUE}).")
  private long seed;

  /** The options as pretraining settings; a clip norm of 0 is no clipping. */
  public PretrainingSettings settings() {
    return new PretrainingSettings(cell, hiddenSize, layers, init, optimizer, momentum, learningRate,
        clipNorm == 0 ? Double.POSITIVE_INFINITY : clipNorm, weightDecay, dropout, epochs, stepsPerEpoch,
        batchSize, sequenceLength, burnIn, patience, seed);
  }

  /** Parses {@code --init} through {@link WeightInit#fromId}. */
  static final class WeightInitConverter implements ITypeConverter<WeightInit> {
    @Override
    public WeightInit convert(String value) {
      return WeightInit.fromId(value);
    }
  }

  /** Parses {@code --optimizer} through {@link OptimizerChoice#fromId}. */
  static final class OptimizerConverter implements ITypeConverter<OptimizerChoice> {
    @Override
    public OptimizerChoice convert(String value) {
      return OptimizerChoice.fromId(value);
    }
  }
}
