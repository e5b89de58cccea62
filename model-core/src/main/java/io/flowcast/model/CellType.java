package io.flowcast.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The recurrent cell kinds Flowcast runs, with the number of gate blocks each packs into its
 * {@code weight_ih_l{k}} / {@code weight_hh_l{k}} rows (PyTorch layout).
 *
 * <ul>
 *   <li>{@link #RNN}: Elman RNN with tanh ({@code nn.RNN(nonlinearity='tanh')}), one block.
 *   <li>{@link #RNN_RELU}: Elman RNN with ReLU ({@code nn.RNN(nonlinearity='relu')}), one block;
 *       same tensors as {@link #RNN}, so a plain PyTorch file cannot tell the two apart.
 *   <li>{@link #LSTM}: LSTM, four blocks in PyTorch order i, f, g, o.
 *   <li>{@link #LSTM_PEEPHOLE}: LSTM with peepholes (i and f see c[t-1], o sees c[t]), blocks i, f,
 *       g, o plus {@code peephole_i_l{k}}, {@code peephole_f_l{k}}, {@code peephole_o_l{k}}.
 *   <li>{@link #GRU}: GRU, three blocks in PyTorch order r, z, n (reset applied after the matmul).
 * </ul>
 */
public enum CellType {
  RNN("rnn", 1),
  RNN_RELU("rnn-relu", 1),
  LSTM("lstm", 4),
  LSTM_PEEPHOLE("lstm-peephole", 4),
  GRU("gru", 3);

  private final String id;
  private final int gates;

  CellType(String id, int gates) {
    this.id = id;
    this.gates = gates;
  }

  /** The name used on the command line and in weight-file metadata, e.g. {@code lstm-peephole}. */
  public String id() {
    return id;
  }

  /** Number of gate blocks G: the weight matrices have G*H rows. */
  public int gates() {
    return gates;
  }

  /** True for the LSTM kinds, which carry a cell state c beside h. */
  public boolean hasCellState() {
    return this == LSTM || this == LSTM_PEEPHOLE;
  }

  /** True for the Elman RNN kinds ({@code nn.RNN}), which differ only in their nonlinearity. */
  public boolean isElman() {
    return this == RNN || this == RNN_RELU;
  }

  /** True for the peephole LSTM, which has the extra {@code peephole_*} vectors. */
  public boolean hasPeepholes() {
    return this == LSTM_PEEPHOLE;
  }

  /**
   * Parses {@link #id()} (also accepting the enum constant name, any case, and {@code _} for
   * {@code -}).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static CellType fromId(String text) {
    String normalized = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (CellType type : values()) {
      if (type.id.equals(normalized)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown cell '"
            + text
            + "', expected one of "
            + Arrays.stream(values()).map(CellType::id).toList());
  }
}
