package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Known-answer test of the float64 forward against every case in the golden directory. */
class GoldenForwardTest {
  private static final double TOLERANCE = 1e-9;
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path goldenDir() {
    String dir = System.getProperty("flowcast.golden.dir");
    if (dir == null || !Files.isDirectory(Path.of(dir))) {
      throw new IllegalStateException(
          "system property flowcast.golden.dir must name the golden directory, got " + dir);
    }
    return Path.of(dir);
  }

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> files = Files.list(goldenDir())) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".json"))
          .filter(p -> !p.getFileName().toString().equals("index.json"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void everyIndexedCaseIsPresent() throws IOException {
    JsonNode index = JSON.readTree(goldenDir().resolve("index.json").toFile());
    List<String> indexed = new ArrayList<>();
    index.get("cases").forEach(c -> indexed.add(c.get("file").asText()));
    assertThat(indexed).hasSize(40);
    assertThat(cases().map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(indexed);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesGolden(Path file) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    JsonNode cfg = root.get("config");
    ModelConfig config =
        new ModelConfig(
            CellType.fromId(cfg.get("cell").asText()),
            cfg.get("input_size").asInt(),
            cfg.get("hidden_size").asInt(),
            cfg.get("num_layers").asInt(),
            cfg.get("head_out_features").asInt());
    Map<String, double[]> named = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.get("state_dict").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      named.put(field.getKey(), flatten(field.getValue()));
    }
    ModelParameters parameters = ModelParameters.of(config, named);
    Tensor3 c0 = config.cell().hasCellState() ? tensor(root.get("c0")) : null;
    ForwardPass pass =
        new DoubleNetwork(parameters)
            .forward(tensor(root.get("input")), new RecurrentState(tensor(root.get("h0")), c0), Dropout.DISABLED);

    JsonNode expected = root.get("expected");
    assertClose("output", pass.output(), expected.get("output"));
    assertClose("h_n", pass.finalState().h(), expected.get("h_n"));
    if (config.cell().hasCellState()) {
      assertClose("c_n", pass.finalState().c(), expected.get("c_n"));
    } else {
      assertThat(expected.has("c_n")).isFalse();
    }
    JsonNode layerOutputs = expected.get("layer_outputs");
    int lower = layerOutputs == null ? 0 : layerOutputs.size();
    assertThat(lower).isEqualTo(config.numLayers() - 1);
    for (int k = 0; k < lower; k++) {
      assertClose("layer_outputs[" + k + "]", pass.layerOutput(k), layerOutputs.get(k));
    }
    if (config.hasHead()) {
      assertClose("head_output", pass.headOutput(), expected.get("head_output"));
    } else {
      assertThat(pass.headOutput()).isNull();
    }
  }

  private static void assertClose(String what, Tensor3 actual, JsonNode expected) {
    Tensor3 want = tensor(expected);
    assertThat(new int[] {actual.dim0(), actual.dim1(), actual.dim2()})
        .as(what + " shape")
        .containsExactly(want.dim0(), want.dim1(), want.dim2());
    for (int i = 0; i < want.data().length; i++) {
      assertThat(actual.data()[i]).as(what + " flat index " + i).isCloseTo(want.data()[i], within(TOLERANCE));
    }
  }

  private static Tensor3 tensor(JsonNode node) {
    int d0 = node.size();
    int d1 = node.get(0).size();
    int d2 = node.get(0).get(0).size();
    return new Tensor3(d0, d1, d2, flatten(node));
  }

  private static double[] flatten(JsonNode node) {
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
}
