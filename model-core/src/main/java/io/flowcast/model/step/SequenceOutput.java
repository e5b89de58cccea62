package io.flowcast.model.step;

/**
 * Result of {@link RecurrentNetwork#forward}: the top layer's h at every step [T][B][H], the final
 * states h_n and c_n [L][B][H] (c_n null unless LSTM), and the head's outputs [T][B][O] (null
 * without a head). Same names and shapes as PyTorch's {@code output, (h_n, c_n)}.
 */
public record SequenceOutput(float[][][] outputs, float[][][] hN, float[][][] cN, float[][][] head) {}
