package io.flowcast.model.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.io.Nonlinearity;
import io.flowcast.model.io.WeightFileOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * One fixture of {@code src/test/resources/pytorch/}, made with real PyTorch by {@code
 * scripts/make_pytorch_fixtures.py}: a state_dict as a user's module saves it ({@link #weights()}),
 * how it was made ({@link #options()}: cell, prefixes, dtype, the file's metadata, nonlinearity,
 * batch_first), an input and PyTorch's outputs on it.
 */
public record PyTorchFixture(String name, Path weights, JsonNode options, JsonNode input, JsonNode expected) {

  /** Every model fixture (the {@code .pt} files are separate: they are not safetensors). */
  public static final List<String> NAMES = List.of(
      "rnn_l2_h8", "lstm_l2_h8", "gru_l2_h8", "rnn_tanh_l1_f32", "rnn_relu_l2_f32", "rnn_relu_l3_f64",
      "lstm_l3_f64", "lstm_l1_f32", "gru_l2_f32", "gru_l1_f64");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** For {@code @MethodSource}. */
  public static List<String> names() {
    return NAMES;
  }

  /** Reads fixture {@code name} ({@code name.json} and {@code name.safetensors}). */
  public static PyTorchFixture load(String name) {
    try {
      JsonNode root = JSON.readTree(resource(name + ".json").toFile());
      return new PyTorchFixture(
          name, resource(name + ".safetensors"), root.get("options"), root.get("input"), root.get("expected"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of the fixture directory. */
  public static Path resource(String fileName) {
    try {
      return Path.of(PyTorchFixture.class.getResource("/pytorch/" + fileName).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The nonlinearity the reader must be told: an nn.RNN's, when the file does not record it. */
  public Nonlinearity untoldNonlinearity() {
    return options.has("nonlinearity") && !options.has("metadata")
        ? Nonlinearity.fromId(options.get("nonlinearity").asText())
        : null;
  }

  /** Reading options that load this fixture: only what the file cannot tell. */
  public WeightFileOptions readOptions() {
    return WeightFileOptions.DEFAULTS.withNonlinearity(untoldNonlinearity());
  }

  /** The cell PyTorch ran. */
  public CellType cell() {
    return CellType.fromId(options.get("cell").asText());
  }

  /** Whether the sequences are [B][T][*] (nn.RNN batch_first=True). */
  public boolean batchFirst() {
    return options.path("batch_first").asBoolean();
  }

  /** A [d0][d1][d2] array of {@link #input()} or {@link #expected()}, as written (or null if absent). */
  public static double[][][] cube(JsonNode parent, String key) {
    JsonNode node = parent.get(key);
    return node == null ? null : JSON.convertValue(node, double[][][].class);
  }

  @Override
  public String toString() {
    return name;
  }
}
