package io.flowcast.model.io;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import java.util.Map;

/**
 * Settles the nonlinearity of an Elman RNN read from a weight file, which is never guessed: a
 * Flowcast file records it in its cell ({@code rnn} or {@code rnn-relu}); a plain PyTorch file
 * must record it under {@value Nonlinearity#METADATA_KEY} in its {@code __metadata__}, or the
 * caller must name it ({@link WeightFileOptions#nonlinearity()}, or an expected cell {@code
 * rnn-relu}). Sources that contradict each other, or a nonlinearity named for a cell that has none,
 * are errors.
 */
final class RnnNonlinearity {
  private static final String HOW_TO_FIX =
      "pass --nonlinearity tanh or --nonlinearity relu (model.nonlinearity in the job, "
          + "WeightFileOptions.withNonlinearity in code), or record it in the file: "
          + "save_file(model.state_dict(), path, metadata={\"nonlinearity\": \"relu\"})";

  private RnnNonlinearity() {}

  /**
   * @param config the configuration from the metadata or the shapes
   * @param recorded whether {@code config} comes from Flowcast metadata
   * @return {@code config}, with the Elman cell of the settled nonlinearity for a plain RNN file
   * @throws WeightFileException if an RNN's nonlinearity is unknown or contradicted, or one is
   *     named for a cell without one
   */
  static ModelConfig settle(
      ModelConfig config, boolean recorded, Map<String, String> metadata, WeightFileOptions options)
      throws WeightFileException {
    Nonlinearity asked = options.nonlinearity();
    CellType cell = config.cell();
    if (!cell.isElman()) {
      if (asked != null) {
        throw new WeightFileException(
            "nonlinearity '" + asked.id() + "' was given, but the file holds a '" + cell.id()
                + "' model; only an RNN (nn.RNN) has a nonlinearity");
      }
      return config;
    }
    if (recorded) {
      if (asked != null && asked.cell() != cell) {
        throw new WeightFileException(
            "nonlinearity '" + asked.id() + "' was given, but the file records cell '" + cell.id()
                + "'");
      }
      return config;
    }
    Nonlinearity inFile = fromMetadata(metadata);
    if (asked != null && inFile != null && asked != inFile) {
      throw new WeightFileException(
          "nonlinearity '" + asked.id() + "' was given, but the file's __metadata__ records '"
              + inFile.id() + "'");
    }
    Nonlinearity settled = asked != null ? asked : inFile;
    if (settled == null && options.cell() == CellType.RNN_RELU) {
      settled = Nonlinearity.RELU;
    }
    if (settled == null) {
      throw new WeightFileException(
          "the file holds a PyTorch nn.RNN, whose nonlinearity (tanh or relu) its shapes cannot "
              + "tell, and it does not record one; " + HOW_TO_FIX);
    }
    return new ModelConfig(
        settled.cell(), config.inputSize(), config.hiddenSize(), config.numLayers(),
        config.outputSize());
  }

  private static Nonlinearity fromMetadata(Map<String, String> metadata)
      throws WeightFileException {
    String value = metadata.get(Nonlinearity.METADATA_KEY);
    if (value == null) {
      return null;
    }
    try {
      return Nonlinearity.fromId(value);
    } catch (IllegalArgumentException e) {
      throw new WeightFileException("__metadata__ " + Nonlinearity.METADATA_KEY + ": " + e.getMessage(), e);
    }
  }
}
