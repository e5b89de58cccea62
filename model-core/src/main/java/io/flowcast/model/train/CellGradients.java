package io.flowcast.model.train;

/**
 * The buffers of one {@link Cell#backward} step: the gradients flowing in from the next state, and
 * the ones the cell writes for its pre-activations and its previous state.
 *
 * @param dhNext in: gradient w.r.t. the new h, {@code [B][H]}
 * @param dcNext in: gradient w.r.t. the new c (ignored without a cell state)
 * @param dPreIh out (overwritten): gradient w.r.t. {@code W_ih x + b_ih}, {@code [B][G*H]}
 * @param dPreHh out (overwritten): gradient w.r.t. {@code W_hh h + b_hh}, {@code [B][G*H]}
 * @param dh out (overwritten): the direct part of the gradient w.r.t. the previous h (not through
 *     {@code W_hh}; the layer adds that)
 * @param dc out (overwritten): gradient w.r.t. the previous c (unused without a cell state)
 */
record CellGradients(
    double[] dhNext, double[] dcNext, double[] dPreIh, double[] dPreHh, double[] dh, double[] dc) {}
