package io.flowcast.model.pretrain;

/**
 * The losses of one epoch of the {@link Pretrainer}.
 *
 * @param epoch 1-based
 * @param steps optimiser steps taken in it
 * @param trainLoss mean training loss of its steps
 * @param validationLoss loss on the validation series after it; NaN without validation
 */
public record EpochLoss(int epoch, int steps, double trainLoss, double validationLoss) {}
