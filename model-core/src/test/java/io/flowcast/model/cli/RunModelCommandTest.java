package io.flowcast.model.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.io.DType;
import io.flowcast.model.io.SafetensorsFile;
import io.flowcast.model.io.SafetensorsReader;
import io.flowcast.model.io.SafetensorsWriter;
import io.flowcast.model.io.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code flowcast model run} end to end, on models trained in real PyTorch and saved with {@code
 * safetensors.torch.save_file(model.state_dict(), ...)} (made by scripts/make_pytorch_fixtures.py;
 * the expected values are PyTorch's own float32 outputs), and on every kind of bad input.
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

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(RunModelCommandTest.class.getResource("/pytorch/" + name).toURI());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rnn", "lstm", "gru"})
  void pytorchTrainedModelRunsUnchanged(String cell) throws Exception {
    JsonNode fixture = JSON.readTree(fixture(cell + "_l2_h8.json").toFile());
    Path input = dir.resolve("input.json");
    JSON.writeValue(input.toFile(), fixture.get("input"));

    Result result = run("model", "run", "--cell", cell, "--weights",
        fixture(cell + "_l2_h8.safetensors").toString(), "--input", input.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode actual = JSON.readTree(result.out());
    JsonNode expected = fixture.get("expected");
    for (String key : List.of("outputs", "h_n", "head")) {
      assertNumbersClose(key, actual.get(key), expected.get(key));
    }
    if (cell.equals("lstm")) {
      assertNumbersClose("c_n", actual.get("c_n"), expected.get("c_n"));
    } else {
      assertThat(actual.has("c_n")).isFalse();
    }
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

  private Result runLstm(Path input) throws URISyntaxException {
    return run("model", "run", "--cell", "lstm", "--weights",
        fixture("lstm_l2_h8.safetensors").toString(), "--input", input.toString());
  }

  private static Map<String, Tensor> lstmTensors() throws IOException, URISyntaxException {
    SafetensorsFile file = new SafetensorsReader().read(fixture("lstm_l2_h8.safetensors"));
    return new LinkedHashMap<>(file.tensors());
  }

  private static void assertBadInput(Result result, String expectedFragment) {
    assertThat(result.exitCode()).isEqualTo(FlowcastCommand.EXIT_BAD_INPUT);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip()).contains(expectedFragment).doesNotContain("\n");
  }
}
