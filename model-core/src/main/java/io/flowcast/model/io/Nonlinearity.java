package io.flowcast.model.io;

import io.flowcast.model.CellType;
import java.util.Arrays;
import java.util.Locale;

/**
 * The nonlinearity of a PyTorch {@code nn.RNN} ({@code nonlinearity='tanh'} or {@code 'relu'}),
 * which its state_dict's shapes cannot tell. A plain PyTorch file records it under the {@value
 * #METADATA_KEY} key of its {@code __metadata__}, as {@code save_file(model.state_dict(), path,
 * metadata={"nonlinearity": "relu"})} writes it, or the reader is told it ({@link
 * WeightFileOptions#withNonlinearity}).
 */
public enum Nonlinearity {
  TANH("tanh", CellType.RNN),
  RELU("relu", CellType.RNN_RELU);

  /** The {@code __metadata__} key of a plain PyTorch file that records the nonlinearity. */
  public static final String METADATA_KEY = "nonlinearity";

  private final String id;
  private final CellType cell;

  Nonlinearity(String id, CellType cell) {
    this.id = id;
    this.cell = cell;
  }

  /** PyTorch's name: {@code tanh} or {@code relu}. */
  public String id() {
    return id;
  }

  /** The Elman cell with this nonlinearity. */
  public CellType cell() {
    return cell;
  }

  /**
   * Parses {@link #id()} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static Nonlinearity fromId(String text) {
    String normalized = text.trim().toLowerCase(Locale.ROOT);
    for (Nonlinearity value : values()) {
      if (value.id.equals(normalized)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        "unknown nonlinearity '"
            + text
            + "', expected one of "
            + Arrays.stream(values()).map(Nonlinearity::id).toList());
  }
}
