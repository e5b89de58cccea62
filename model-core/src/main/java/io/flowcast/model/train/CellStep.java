package io.flowcast.model.train;

/**
 * What one cell step of one layer keeps on the tape, all {@code [B][...]} row-major: previous state
 * {@code hPrev}/{@code cPrev}, activated gates {@code [B][G*H]}, a cell-specific auxiliary {@code
 * [B][H]} (LSTM: tanh(c'); GRU: W_hn h + b_hn; RNN: unused, null), and the new state {@code h}/{@code
 * c}. The c arrays are null for cells without a cell state.
 */
record CellStep(double[] hPrev, double[] cPrev, double[] gates, double[] aux, double[] h, double[] c) {}
