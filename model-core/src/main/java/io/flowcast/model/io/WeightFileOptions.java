package io.flowcast.model.io;

import io.flowcast.model.CellType;
import java.io.Serializable;

/**
 * How {@link ModelFiles} reads a weight file where the file alone does not decide: the cell the
 * caller expects, the state_dict prefixes of the recurrent block and of the head, and the
 * nonlinearity of a plain PyTorch {@code nn.RNN} file. Immutable; start from {@link #DEFAULTS}.
 *
 * <p>A prefix is the module path in front of the tensor names, e.g. {@code encoder.} for {@code
 * encoder.weight_ih_l0} or {@code model.out.} for {@code model.out.weight}; the trailing dot may be
 * left out, and the empty string means "no prefix". {@code null} means "find it": the one prefix
 * holding {@code weight_ih_l0}, and the one head (see {@link ModelFiles}).
 *
 * @param cell the cell the caller expects, or {@code null} to accept any
 * @param rnnPrefix prefix of the recurrent tensors, or {@code null} to find it
 * @param headPrefix prefix of the head's {@code weight} and {@code bias}, or {@code null} to find it
 * @param nonlinearity the nonlinearity of a plain {@code nn.RNN} file, or {@code null} when the file
 *     records it ({@value Nonlinearity#METADATA_KEY} metadata, or a Flowcast file)
 */
public record WeightFileOptions(
    CellType cell, String rnnPrefix, String headPrefix, Nonlinearity nonlinearity)
    implements Serializable {

  /** Expect any cell, find both prefixes, take the nonlinearity from the file. */
  public static final WeightFileOptions DEFAULTS = new WeightFileOptions(null, null, null, null);

  /** Normalises the prefixes (a trailing dot is added to a non-empty prefix that lacks one). */
  public WeightFileOptions {
    rnnPrefix = normalize(rnnPrefix);
    headPrefix = normalize(headPrefix);
  }

  /** The same options expecting {@code expected} ({@code null}: any cell). */
  public WeightFileOptions withCell(CellType expected) {
    return new WeightFileOptions(expected, rnnPrefix, headPrefix, nonlinearity);
  }

  /** The same options with the recurrent block under {@code prefix} ({@code null}: find it). */
  public WeightFileOptions withRnnPrefix(String prefix) {
    return new WeightFileOptions(cell, prefix, headPrefix, nonlinearity);
  }

  /** The same options with the head under {@code prefix} ({@code null}: find it). */
  public WeightFileOptions withHeadPrefix(String prefix) {
    return new WeightFileOptions(cell, rnnPrefix, prefix, nonlinearity);
  }

  /** The same options with the nonlinearity of a plain {@code nn.RNN} file. */
  public WeightFileOptions withNonlinearity(Nonlinearity value) {
    return new WeightFileOptions(cell, rnnPrefix, headPrefix, value);
  }

  private static String normalize(String prefix) {
    if (prefix == null) {
      return null;
    }
    String trimmed = prefix.strip();
    return trimmed.isEmpty() || trimmed.endsWith(".") ? trimmed : trimmed + ".";
  }
}
