package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.io.ModelFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new TrainCommand());
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @Test
  void writesTheModelAndPrintsOneLineOfJson(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("models/small.safetensors");
    int exit = run("--cell", "gru", "--hidden", "8", "--sensors", "8", "--days", "2", "--window", "10m",
        "--steps", "50", "--batch", "8", "--slice", "32", "--burn-in", "8", "--eval-sensors", "8",
        "--eval-days", "2", "--out", model.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(ModelFiles.read(model).config()).isEqualTo(new ModelConfig(CellType.GRU, 3, 8, 1, 3));
    assertThat(out.toString().lines()).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("cell").asText()).isEqualTo("gru");
    assertThat(json.get("window_ms").asLong()).isEqualTo(600_000L);
    assertThat(json.get("final_loss").asDouble()).isLessThan(json.get("initial_loss").asDouble());
    JsonNode evaluation = json.get("evaluation");
    assertThat(evaluation.get("seed").asLong()).isEqualTo(11);
    assertThat(evaluation.get("compared_windows").asLong()).isEqualTo(8L * (2 * 144 - 30));
    assertThat(evaluation.get("mae").asDouble()).isPositive();
    assertThat(evaluation.has("mae_persistence")).isTrue();
    assertThat(evaluation.has("injected_detected")).isTrue();
    assertThat(err.toString()).contains("step 50/50 loss").contains("final train loss");
  }

  @Test
  void rejectsAWindowOffTheReadingGrid(@TempDir Path dir) {
    Path model = dir.resolve("m.safetensors");
    assertThat(run("--window", "25s", "--steps", "1", "--out", model.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("flowcast: ").contains("multiple of the reading interval");
    assertThat(Files.exists(model)).isFalse();
  }

  @Test
  void rejectsAnUnknownCell(@TempDir Path dir) {
    assertThat(run("--cell", "transformer", "--out", dir.resolve("m.safetensors").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("unknown cell 'transformer'");
  }
}
