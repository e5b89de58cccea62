package io.flowcast.flink.demo;

import io.flowcast.model.CellType;

/**
 * How {@link ModelPretrainer} trains a forecasting model on a simulated fleet.
 *
 * @param cell recurrent cell of the model
 * @param hiddenSize hidden units per layer
 * @param layers stacked layers
 * @param sensors simulated sensors whose history is trained on
 * @param days days of simulated history per sensor
 * @param windowMillis window length (the job's window)
 * @param seed seed of the simulated fleet, the initial weights and the batch sampling
 * @param steps optimiser steps
 * @param batchSize sequences per step, each a random slice of a random sensor's history
 * @param sliceWindows windows per sequence (truncated backpropagation through time)
 * @param burnInWindows leading windows of each sequence not scored by the loss: the sequence
 *     starts from a zero state, which a live sensor has long left behind
 * @param learningRate Adam's learning rate
 * @param clipNorm global gradient norm the gradients are clipped to
 */
public record PretrainingSettings(
    CellType cell,
    int hiddenSize,
    int layers,
    int sensors,
    int days,
    long windowMillis,
    long seed,
    int steps,
    int batchSize,
    int sliceWindows,
    int burnInWindows,
    double learningRate,
    double clipNorm) {

  public PretrainingSettings {
    if (cell == null) {
      throw new IllegalArgumentException("cell is required");
    }
    if (hiddenSize < 1 || layers < 1 || sensors < 1 || days < 1 || steps < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "hiddenSize, layers, sensors, days, steps and batchSize must be >= 1");
    }
    if (burnInWindows < 0 || sliceWindows <= burnInWindows) {
      throw new IllegalArgumentException("sliceWindows (" + sliceWindows
          + ") must exceed burnInWindows (" + burnInWindows + ") >= 0");
    }
    if (!(learningRate > 0) || !(clipNorm > 0)) {
      throw new IllegalArgumentException("learningRate and clipNorm must be > 0");
    }
  }
}
