package io.flowcast.model.io;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Flowcast keys of a weight file's {@code __metadata__} (string to string), which record the
 * {@link ModelConfig}:
 *
 * <pre>
 *   flowcast.format_version  "2" (read: "1" and "2")
 *   flowcast.cell            CellType.id(), e.g. "lstm-peephole" or "rnn-relu"
 *   flowcast.input_size      I
 *   flowcast.hidden_size     H
 *   flowcast.num_layers      L
 *   flowcast.output_size     O (0 = no head)
 * </pre>
 *
 * Version 2 files name the recurrent tensors {@code rnn.weight_ih_l0}, ... (see {@link
 * ModelFiles}); version 1 files left them unprefixed. The reader finds either layout, so both
 * load; the version tells older readers that they cannot read a newer file.
 *
 * <p>A file is a Flowcast file when it has {@value #FORMAT_VERSION}; the other keys are then
 * required. The {@code flowcast.} prefix keeps them apart from other tools' metadata (PyTorch's
 * {@code save_model} writes {@code "format": "pt"}).
 */
public final class ModelMetadata {
  public static final String FORMAT_VERSION = "flowcast.format_version";
  public static final String CELL = "flowcast.cell";
  public static final String INPUT_SIZE = "flowcast.input_size";
  public static final String HIDDEN_SIZE = "flowcast.hidden_size";
  public static final String NUM_LAYERS = "flowcast.num_layers";
  public static final String OUTPUT_SIZE = "flowcast.output_size";

  /** The format version this code writes. */
  public static final String CURRENT_VERSION = "2";

  /** The format versions this code reads. */
  public static final List<String> READABLE_VERSIONS = List.of("1", CURRENT_VERSION);

  private ModelMetadata() {}

  /** The metadata entries describing {@code config}, in the order above. */
  public static Map<String, String> of(ModelConfig config) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(FORMAT_VERSION, CURRENT_VERSION);
    metadata.put(CELL, config.cell().id());
    metadata.put(INPUT_SIZE, Integer.toString(config.inputSize()));
    metadata.put(HIDDEN_SIZE, Integer.toString(config.hiddenSize()));
    metadata.put(NUM_LAYERS, Integer.toString(config.numLayers()));
    metadata.put(OUTPUT_SIZE, Integer.toString(config.outputSize()));
    return metadata;
  }

  /**
   * The configuration recorded in {@code metadata}, or empty when it has no {@value
   * #FORMAT_VERSION} (not written by Flowcast).
   *
   * @throws WeightFileException if the version is not {@value #CURRENT_VERSION}, or a key is
   *     missing or invalid
   */
  public static Optional<ModelConfig> parse(Map<String, String> metadata)
      throws WeightFileException {
    String version = metadata.get(FORMAT_VERSION);
    if (version == null) {
      return Optional.empty();
    }
    if (!READABLE_VERSIONS.contains(version)) {
      throw new WeightFileException(
          "unsupported " + FORMAT_VERSION + " '" + version + "' (supported: "
              + String.join(", ", READABLE_VERSIONS) + ")");
    }
    try {
      CellType cell = CellType.fromId(required(metadata, CELL));
      return Optional.of(
          new ModelConfig(
              cell,
              integer(metadata, INPUT_SIZE),
              integer(metadata, HIDDEN_SIZE),
              integer(metadata, NUM_LAYERS),
              integer(metadata, OUTPUT_SIZE)));
    } catch (IllegalArgumentException e) { // includes NumberFormatException
      throw new WeightFileException("invalid model metadata: " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> metadata, String key)
      throws WeightFileException {
    String value = metadata.get(key);
    if (value == null) {
      throw new WeightFileException("metadata has " + FORMAT_VERSION + " but no " + key);
    }
    return value;
  }

  private static int integer(Map<String, String> metadata, String key) throws WeightFileException {
    String value = required(metadata, key);
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new WeightFileException("metadata " + key + " '" + value + "' is not an integer", e);
    }
  }
}
