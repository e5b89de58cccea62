package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.flink.cli.FlowcastCli;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.forecast.SensorWindows;
import io.flowcast.model.io.ModelFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --simulated}: model-core's trainer on the demo fleet's history. */
class SimulatedFleetHistoryTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int run(String... args) {
    CommandLine commandLine = FlowcastCli.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @Test
  void theHistoryIsTheAnomalyFreeFleetWithEveryWindow() {
    SimulatedFleetHistory history = new SimulatedFleetHistory();
    new CommandLine(history).parseArgs("--simulated", "--sensors", "3", "--days", "1");
    List<SensorWindows> windows = history.windows(FleetSettings.DEMO_WINDOW_MILLIS);
    assertThat(history.selected()).isTrue();
    assertThat(history.trainingFleet(FleetSettings.DEMO_WINDOW_MILLIS).anomalyRate()).isZero();
    assertThat(windows).hasSize(3).allSatisfy(sensor -> assertThat(sensor.size()).isEqualTo(288));
    assertThat(windows.get(0).missedBefore(287)).isZero();
  }

  @Test
  void trainsWritesTheModelAndEvaluatesItOnAFreshFleet() throws Exception {
    Path model = dir.resolve("models/small.safetensors");
    int exit = run("train", "--simulated", "--cell", "gru", "--hidden", "8", "--sensors", "8", "--days", "2",
        "--window", "10m", "--epochs", "1", "--steps-per-epoch", "50", "--batch", "8", "--slice", "32",
        "--burn-in", "8", "--validation-fraction", "0", "--eval-sensors", "8", "--eval-days", "2",
        "--out", model.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(ModelFiles.read(model).config()).isEqualTo(new ModelConfig(CellType.GRU, 3, 8, 1, 3));
    assertThat(out.toString().lines()).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("data").get("source").asText()).isEqualTo("simulated fleet");
    assertThat(json.get("forecast").get("window_ms").asLong()).isEqualTo(600_000L);
    JsonNode result = json.get("result");
    assertThat(result.get("final_loss").asDouble()).isLessThan(result.get("initial_loss").asDouble());
    JsonNode evaluation = json.get("evaluation");
    assertThat(evaluation.get("seed").asLong()).isEqualTo(11);
    assertThat(evaluation.get("compared_windows").asLong()).isEqualTo(8L * (2 * 144 - 30));
    assertThat(evaluation.get("mae").asDouble()).isPositive();
    assertThat(evaluation.has("injected_detected")).isTrue();
  }

  @Test
  void theDocumentedCommandStillMakesTheBundledDemoModel() throws Exception {
    // examples/README.md, with a smaller evaluation (it does not touch the weights)
    Path model = dir.resolve("demo-model.safetensors");
    int exit = run("train", "--simulated", "--cell", "lstm", "--hidden", "32", "--sensors", "64", "--days", "14",
        "--window", "5m", "--seed", "7", "--epochs", "1", "--steps-per-epoch", "300", "--validation-fraction", "0",
        "--eval-sensors", "4", "--eval-days", "1", "--out", model.toString());
    assertThat(exit).as(err.toString()).isZero();
    assertThat(ModelFiles.read(model)).isEqualTo(ModelFiles.read(ForecastEvaluatorTest.DEMO_MODEL));
  }

  @Test
  void rejectsAWindowOffTheReadingGrid() {
    Path model = dir.resolve("m.safetensors");
    assertThat(run("train", "--simulated", "--window", "25s", "--out", model.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("flowcast: ").contains("multiple of the reading interval");
    assertThat(Files.exists(model)).isFalse();
  }

  @Test
  void wantsEitherDataOrTheSimulatedFleet() {
    Path model = dir.resolve("m.safetensors");
    assertThat(run("train", "--out", model.toString())).isEqualTo(2);
    assertThat(run("train", "--simulated", "--data", "x.csv", "--out", model.toString())).isEqualTo(2);
    assertThat(err.toString().lines()).containsOnly("flowcast: give either --data PATH or --simulated");
  }

  @Test
  void rejectsAnUnknownCell() {
    assertThat(run("train", "--simulated", "--cell", "transformer", "--out", dir.resolve("m.safetensors").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unknown cell 'transformer'");
  }
}
