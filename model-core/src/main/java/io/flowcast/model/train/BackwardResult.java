package io.flowcast.model.train;

/**
 * Output of {@link ForwardPass#backward}: gradients of every model tensor, and of the initial
 * state ({@code dh0}, {@code dc0}, {@code [L][B][H]}; {@code c} null without a cell state).
 */
public record BackwardResult(Gradients gradients, RecurrentState initialStateGradient) {}
