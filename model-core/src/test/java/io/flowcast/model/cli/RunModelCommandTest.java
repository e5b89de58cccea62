package io.flowcast.model.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowcast.model.io.DType;
import io.flowcast.model.io.SafetensorsFile;
import io.flowcast.model.io.SafetensorsReader;
import io.flowcast.model.io.SafetensorsWriter;
import io.flowcast.model.io.Tensor;
import io.flowcast.model.testutils.PyTorchFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code flowcast model run} end to end, on models made in real PyTorch inside users' modules and
 * saved as their state_dicts (prefixed names; made by scripts/make_pytorch_fixtures.py, the expected
 * values are PyTorch's own outputs), and on every kind of bad input.
 */
class RunModelCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    CommandLine commandLine = FlowcastCommand.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  private static Path fixture(String name) {
    return PyTorchFixture.resource(name);
  }

  /** Every fixture: its cell from the shapes, prefixes found, options as the module needs them. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.flowcast.model.testutils.PyTorchFixture#names")
  void pytorchModelsRunUnchanged(String name) throws Exception {
    PyTorchFixture fixture = PyTorchFixture.load(name);
    List<String> args = new ArrayList<>();
    if (fixture.untoldNonlinearity() != null) {
      args.addAll(List.of("--nonlinearity", fixture.untoldNonlinearity().id()));
    }
    if (fixture.batchFirst()) {
      args.add("--batch-first");
    }

    Result result = runFixture(name, args.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertMatchesPyTorch(JSON.readTree(result.out()), fixture.expected());
  }

  /** Naming the cell and both prefixes gives the same result as finding them. */
  @Test
  void prefixesAndCellCanBeNamed() throws Exception {
    Result result = runFixture("rnn_relu_l2_f32", "--cell", "rnn-relu", "--rnn-prefix", "encoder", "--head-prefix", "fc.");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertMatchesPyTorch(JSON.readTree(result.out()), PyTorchFixture.load("rnn_relu_l2_f32").expected());

    assertBadInput(runFixture("rnn_relu_l2_f32", "--head-prefix", "out."), "no head under the chosen prefix 'out.'");
  }

  @Test
  void anRnnFileWithoutItsNonlinearityIsRefused() throws Exception {
    assertBadInput(runFixture("rnn_l2_h8", "--cell", "rnn"), "pass --nonlinearity tanh or --nonlinearity relu");
    assertBadInput(runFixture("rnn_l2_h8", "--nonlinearity", "sigmoid"), "unknown nonlinearity 'sigmoid'");
  }

  /** {@code model run} on a fixture's weights and input, with {@code options}. */
  private Result runFixture(String name, String... options) throws Exception {
    Path input = dir.resolve("input.json");
    JSON.writeValue(input.toFile(), PyTorchFixture.load(name).input());
    List<String> args = new ArrayList<>(List.of("model", "run", "--weights",
        fixture(name + ".safetensors").toString(), "--input", input.toString()));
    args.addAll(List.of(options));
    return run(args.toArray(String[]::new));
  }

  @Test
  void batchFirstTransposesInputsOutputsAndHeadButNotStates() throws Exception {
    PyTorchFixture fixture = PyTorchFixture.load("lstm_l3_f64");
    JsonNode expected = fixture.expected();
    Path input = dir.resolve("batch-first.json");
    ObjectNode request = fixture.input().deepCopy();
    request.set("inputs", swapFirstTwo(request.get("inputs")));
    JSON.writeValue(input.toFile(), request);

    Result result = run("model", "run", "--batch-first",
        "--weights", fixture.weights().toString(), "--input", input.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode actual = JSON.readTree(result.out());
    assertNumbersClose("outputs", actual.get("outputs"), swapFirstTwo(expected.get("outputs")));
    assertNumbersClose("head", actual.get("head"), swapFirstTwo(expected.get("head")));
    assertNumbersClose("h_n", actual.get("h_n"), expected.get("h_n"));
    assertNumbersClose("c_n", actual.get("c_n"), expected.get("c_n"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"torch_save_zip.pt", "torch_save_legacy.pt"})
  void aTorchSaveFileGetsOneLineWithTheCallToUse(String name) throws Exception {
    Path input = Files.writeString(dir.resolve("ok.json"), "{\"inputs\": [[[0.1]]]}");
    Result result = run("model", "run", "--weights", fixture(name).toString(), "--input", input.toString());
    assertBadInput(result, "not a safetensors file: it is a");
    assertThat(result.err()).contains("torch.save").contains("safetensors.torch.save_file(model.state_dict(), path)");
  }

  private static void assertMatchesPyTorch(JsonNode actual, JsonNode expected) {
    for (String key : List.of("outputs", "h_n", "c_n", "head")) {
      if (expected.has(key)) {
        assertNumbersClose(key, actual.get(key), expected.get(key));
      } else {
        assertThat(actual.has(key)).as(key + " absent").isFalse();
      }
    }
  }

  private static ArrayNode swapFirstTwo(JsonNode cube) {
    ArrayNode swapped = JSON.createArrayNode();
    for (int j = 0; j < cube.get(0).size(); j++) {
      ArrayNode row = swapped.addArray();
      for (int i = 0; i < cube.size(); i++) {
        row.add(cube.get(i).get(j));
      }
    }
    return swapped;
  }

  private static void assertNumbersClose(String path, JsonNode actual, JsonNode expected) {
    assertThat(actual).as(path + " present").isNotNull();
    if (expected.isArray()) {
      assertThat(actual.size()).as(path + " size").isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertNumbersClose(path + "[" + i + "]", actual.get(i), expected.get(i));
      }
    } else {
      assertThat(actual.asDouble()).as(path).isCloseTo(expected.asDouble(), within(1e-5));
    }
  }

  @Test
  void malformedJsonExitsTwoWithOneLine() throws Exception {
    Path input = Files.writeString(dir.resolve("bad.json"), "{\"inputs\": [[[0.1]]");
    Result result = runLstm(input);
    assertBadInput(result, "malformed JSON");
  }

  @Test
  void wrongInputWidthIsNamed() throws Exception {
    Path input = Files.writeString(dir.resolve("wide.json"), "{\"inputs\": [[[0.1, 0.2]]]}");
    assertBadInput(runLstm(input), "inputs[0][0] must hold 1 numbers");
  }

  @Test
  void raggedBatchIsNamed() throws Exception {
    Path input = Files.writeString(dir.resolve("ragged.json"), "{\"inputs\": [[[0.1], [0.2]], [[0.3]]]}");
    assertBadInput(runLstm(input), "inputs[1] must have 2 entries");
  }

  @Test
  void wrongStateLayersAreNamed() throws Exception {
    Path input = Files.writeString(dir.resolve("h0.json"), "{\"inputs\": [[[0.1]]], \"h0\": [[[0,0,0,0,0,0,0,0]]]}");
    assertBadInput(runLstm(input), "h0 must have 2 entries");
  }

  @Test
  void missingInputsKeyIsNamed() throws Exception {
    Path input = Files.writeString(dir.resolve("empty.json"), "{}");
    assertBadInput(runLstm(input), "missing \"inputs\"");
  }

  @Test
  void cellMismatchIsNamed() throws Exception {
    Path input = Files.writeString(dir.resolve("ok.json"), "{\"inputs\": [[[0.1]]]}");
    Result result = run("model", "run", "--cell", "gru", "--weights",
        fixture("lstm_l2_h8.safetensors").toString(), "--input", input.toString());
    assertBadInput(result, "gru");
  }

  @Test
  void unknownCellIsAUsageError() throws Exception {
    Path input = Files.writeString(dir.resolve("ok.json"), "{\"inputs\": [[[0.1]]]}");
    Result result = run("model", "run", "--cell", "transformer", "--weights",
        fixture("lstm_l2_h8.safetensors").toString(), "--input", input.toString());
    assertBadInput(result, "unknown cell 'transformer'");
  }

  @Test
  void missingFileIsNamed() throws Exception {
    Path input = Files.writeString(dir.resolve("ok.json"), "{\"inputs\": [[[0.1]]]}");
    Result result = run("model", "run", "--cell", "lstm", "--weights",
        dir.resolve("nope.safetensors").toString(), "--input", input.toString());
    assertBadInput(result, "nope.safetensors");
  }

  @Test
  void nanWeightIsNamed() throws Exception {
    Map<String, Tensor> tensors = lstmTensors();
    byte[] bytes = SafetensorsWriter.toBytes(tensors, Map.of());
    SafetensorsFile parsed = new SafetensorsReader().fromBytes(bytes);
    long dataStart = 8 + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    long offset = dataStart + parsed.info("weight_hh_l1").orElseThrow().begin();
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putFloat((int) offset, Float.NaN);
    Path weights = Files.write(dir.resolve("nan.safetensors"), bytes);
    Path input = Files.writeString(dir.resolve("ok.json"), "{\"inputs\": [[[0.1]]]}");

    Result result = run("model", "run", "--cell", "lstm", "--weights", weights.toString(), "--input", input.toString());

    assertBadInput(result, "weight_hh_l1");
  }

  @Test
  void missingTensorIsNamed() throws Exception {
    Map<String, Tensor> tensors = lstmTensors();
    tensors.remove("bias_hh_l1");
    Path weights = Files.write(dir.resolve("missing.safetensors"), SafetensorsWriter.toBytes(tensors, Map.of()));
    Path input = Files.writeString(dir.resolve("ok.json"), "{\"inputs\": [[[0.1]]]}");

    Result result = run("model", "run", "--cell", "lstm", "--weights", weights.toString(), "--input", input.toString());

    assertBadInput(result, "bias_hh_l1");
  }

  private Result runLstm(Path input) {
    return run("model", "run", "--cell", "lstm", "--weights",
        fixture("lstm_l2_h8.safetensors").toString(), "--input", input.toString());
  }

  private static Map<String, Tensor> lstmTensors() throws IOException {
    SafetensorsFile file = new SafetensorsReader().read(fixture("lstm_l2_h8.safetensors"));
    return new LinkedHashMap<>(file.tensors());
  }

  private static void assertBadInput(Result result, String expectedFragment) {
    assertThat(result.exitCode()).isEqualTo(FlowcastCommand.EXIT_BAD_INPUT);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip()).contains(expectedFragment).doesNotContain("\n");
  }
}
