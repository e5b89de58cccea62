package io.flowcast.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.SequenceOutput;
import io.flowcast.model.testutils.RandomModels;
import io.flowcast.model.testutils.SystemPython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The other direction: a file that {@link ModelFiles#write} makes loads into the matching {@code
 * torch.nn} module ({@code self.rnn = nn.RNN/LSTM/GRU(I, H, L); self.out = nn.Linear(H, O)}) with
 * {@code load_state_dict(strict=True)}, and PyTorch's outputs on it are Flowcast's. Runs {@code
 * scripts/flowcast_to_torch.py} with {@link SystemPython}; skipped, with the reason, where PyTorch is
 * missing.
 */
class TorchLoadsFlowcastFilesTest {
  private static final Path SCRIPT = Path.of("..", "scripts", "flowcast_to_torch.py");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeEach
  void requireTorch() {
    SystemPython.assumeTorch();
  }

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of(new ModelConfig(CellType.RNN, 2, 5, 2, 2), DType.F32),
        Arguments.of(new ModelConfig(CellType.RNN_RELU, 3, 4, 1, 1), DType.F64),
        Arguments.of(new ModelConfig(CellType.LSTM, 3, 6, 3, 0), DType.F32),
        Arguments.of(new ModelConfig(CellType.LSTM, 1, 4, 1, 3), DType.F64),
        Arguments.of(new ModelConfig(CellType.GRU, 2, 5, 2, 1), DType.F64));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("models")
  void pytorchLoadsTheFileStrictlyAndComputesTheSameOutputs(ModelConfig config, DType dtype) throws Exception {
    Random random = new Random(config.hashCode());
    ModelParameters parameters = RandomModels.parameters(config, 0.8, random);
    int steps = 4;
    int batch = 3;
    float[][][] inputs = RandomModels.uniform(steps, batch, config.inputSize(), 2.0, random);
    float[][][] h0 = RandomModels.uniform(config.numLayers(), batch, config.hiddenSize(), 1.0, random);
    float[][][] c0 = config.cell().hasCellState()
        ? RandomModels.uniform(config.numLayers(), batch, config.hiddenSize(), 1.0, random)
        : null;
    Path model = dir.resolve("model.safetensors");
    ModelFiles.write(parameters, model, dtype);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("inputs", inputs);
    request.put("h0", h0);
    if (c0 != null) {
      request.put("c0", c0);
    }
    Path input = dir.resolve("input.json");
    JSON.writeValue(input.toFile(), request);

    SystemPython.Result torch = SystemPython.run(List.of(SCRIPT.toString(), model.toString(), input.toString()), 120);

    assertThat(torch.exitCode()).as(torch.err()).isZero();
    JsonNode actual = JSON.readTree(torch.out());
    SequenceOutput expected = RecurrentNetwork.compile(ModelFiles.read(model)).forward(inputs, h0, c0);
    assertClose("outputs", actual.get("outputs"), expected.outputs());
    assertClose("h_n", actual.get("h_n"), expected.hN());
    if (c0 != null) {
      assertClose("c_n", actual.get("c_n"), expected.cN());
    }
    if (config.hasHead()) {
      assertClose("head", actual.get("head"), expected.head());
    } else {
      assertThat(actual.has("head")).isFalse();
    }
  }

  @Test
  void aPeepholeLstmHasNoTorchModule() throws Exception {
    Path model = dir.resolve("peephole.safetensors");
    ModelFiles.write(RandomModels.parameters(new ModelConfig(CellType.LSTM_PEEPHOLE, 1, 2, 1, 1), 3), model, DType.F32);
    Path input = Files.writeString(dir.resolve("input.json"), "{\"inputs\": [[[0.5]]]}");
    SystemPython.Result torch = SystemPython.run(List.of(SCRIPT.toString(), model.toString(), input.toString()), 120);
    assertThat(torch.exitCode()).isNotZero();
    assertThat(torch.err()).contains("no torch.nn module for cell 'lstm-peephole'");
  }

  private static void assertClose(String name, JsonNode actual, float[][][] expected) {
    assertThat(actual).as(name).isNotNull();
    assertThat(actual.size()).as(name).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual.get(i).size()).as(name + "[" + i + "]").isEqualTo(expected[i].length);
      for (int j = 0; j < expected[i].length; j++) {
        assertThat(actual.get(i).get(j).size()).as(name + "[" + i + "][" + j + "]").isEqualTo(expected[i][j].length);
        for (int k = 0; k < expected[i][j].length; k++) {
          assertThat(actual.get(i).get(j).get(k).asDouble())
              .as("%s[%d][%d][%d]", name, i, j, k)
              .isCloseTo(expected[i][j][k], within(1e-5));
        }
      }
    }
  }
}
