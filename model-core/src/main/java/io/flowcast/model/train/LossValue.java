package io.flowcast.model.train;

/** A loss value and its gradient with respect to the predictions (same shape as them). */
public record LossValue(double value, Tensor3 gradient) {}
