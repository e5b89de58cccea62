package io.flowcast.model.testutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One reference case of the golden vectors (PyTorch conventions, float64; vendored in {@code
 * src/test/resources/golden/}, see its {@code SOURCE.md}): the model, its inputs and initial
 * states, and the expected outputs. Arrays keep the JSON nesting: sequences are
 * [T][B][X], states [L][B][H], layer outputs [L-1][T][B][H].
 */
public record GoldenCase(
    String name,
    ModelParameters parameters,
    double[][][] input,
    double[][][] h0,
    double[][][] c0,
    double[][][] output,
    double[][][] hN,
    double[][][] cN,
    double[][][][] layerOutputs,
    double[][][] headOutput) {

  /** System property (set by the build) pointing at the golden directory. */
  public static final String DIRECTORY_PROPERTY = "flowcast.golden.dir";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every case listed in the golden directory's {@code index.json}; fails if it is missing. */
  public static List<GoldenCase> all() {
    Path directory = directory();
    try {
      JsonNode index = JSON.readTree(directory.resolve("index.json").toFile());
      List<GoldenCase> cases = new ArrayList<>();
      for (JsonNode entry : index.get("cases")) {
        cases.add(load(directory.resolve(entry.get("file").asText())));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden cases from " + directory, e);
    }
  }

  /** The cases as a JUnit {@code @MethodSource} stream. */
  public static Stream<GoldenCase> stream() {
    return all().stream();
  }

  private static Path directory() {
    String configured = System.getProperty(DIRECTORY_PROPERTY);
    Path directory = Path.of(configured != null ? configured : "src/test/resources/golden");
    if (!Files.isRegularFile(directory.resolve("index.json"))) {
      throw new IllegalStateException(
          "golden vectors not found at " + directory.toAbsolutePath()
              + " (set -D" + DIRECTORY_PROPERTY + "=<shared>/golden)");
    }
    return directory;
  }

  static GoldenCase load(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    JsonNode config = root.get("config");
    ModelConfig modelConfig =
        new ModelConfig(
            CellType.fromId(config.get("cell").asText()),
            config.get("input_size").asInt(),
            config.get("hidden_size").asInt(),
            config.get("num_layers").asInt(),
            config.path("head_out_features").asInt(0));
    Map<String, double[]> tensors = new LinkedHashMap<>();
    root.get("state_dict").fields().forEachRemaining(e -> tensors.put(e.getKey(), flatten(e.getValue())));
    JsonNode expected = root.get("expected");
    return new GoldenCase(
        file.getFileName().toString().replace(".json", ""),
        ModelParameters.of(modelConfig, tensors),
        cube(root.get("input")),
        cube(root.get("h0")),
        cube(root.get("c0")),
        cube(expected.get("output")),
        cube(expected.get("h_n")),
        cube(expected.get("c_n")),
        hypercube(expected.get("layer_outputs")),
        cube(expected.get("head_output")));
  }

  /** Row-major flattening of a nested JSON number array. */
  public static double[] flatten(JsonNode node) {
    List<Double> values = new ArrayList<>();
    collect(node, values);
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void collect(JsonNode node, List<Double> values) {
    if (node.isArray()) {
      node.forEach(child -> collect(child, values));
    } else {
      values.add(node.asDouble());
    }
  }

  private static double[][][][] hypercube(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    double[][][][] result = new double[node.size()][][][];
    for (int i = 0; i < node.size(); i++) {
      result[i] = cube(node.get(i));
    }
    return result;
  }

  private static double[][][] cube(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    double[][][] cube = new double[node.size()][][];
    for (int i = 0; i < node.size(); i++) {
      JsonNode matrix = node.get(i);
      cube[i] = new double[matrix.size()][];
      for (int j = 0; j < matrix.size(); j++) {
        cube[i][j] = flatten(matrix.get(j));
      }
    }
    return cube;
  }

  /** Rounds a [X][Y][Z] double array to float (null stays null). */
  public static float[][][] toFloat(double[][][] cube) {
    if (cube == null) {
      return null;
    }
    float[][][] result = new float[cube.length][][];
    for (int i = 0; i < cube.length; i++) {
      result[i] = new float[cube[i].length][];
      for (int j = 0; j < cube[i].length; j++) {
        result[i][j] = new float[cube[i][j].length];
        for (int k = 0; k < cube[i][j].length; k++) {
          result[i][j][k] = (float) cube[i][j][k];
        }
      }
    }
    return result;
  }

  @Override
  public String toString() {
    return name;
  }
}
