package io.flowcast.model.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.SafetensorsReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {
  /** A real NAB series, 1243 readings 5 minutes apart (see the README beside it). */
  private static final Path NAB = Path.of("src/test/resources/history/nab/iio_us-east-1_i-a2eb1cd9_NetworkIn.csv");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int run(String... args) {
    CommandLine commandLine = FlowcastCommand.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("train"));
    all.addAll(List.of(args));
    return commandLine.execute(all.toArray(String[]::new));
  }

  private static String[] small(Path data, Path model) {
    return new String[] {"--data", data.toString(), "--window", "5m", "--hidden-size", "8", "--epochs", "3",
        "--steps-per-epoch", "4", "--batch-size", "8", "--sequence-length", "32", "--burn-in", "8",
        "--out", model.toString()};
  }

  @Test
  void trainsOnACsvFileAndWritesACheckpointTheJobCanStartFrom() throws Exception {
    Path model = dir.resolve("models/nab.safetensors");
    int exit = run(small(NAB, model));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(ModelFiles.read(model).config()).isEqualTo(new ModelConfig(CellType.LSTM, 3, 8, 1, 3));
    SensorForecaster.requireFits(ModelFiles.read(model).config(), ForecastSettings.defaults()); // the job's check
    assertThat(out.toString().lines()).hasSize(1);
    JsonNode summary = JSON.readTree(out.toString());
    JsonNode data = summary.get("data");
    assertThat(data.get("sensors").asInt()).isEqualTo(1);
    assertThat(data.get("rows").asLong()).isEqualTo(1243);
    assertThat(data.get("skipped_rows").asLong()).isZero();
    assertThat(data.get("windows").asLong()).isBetween(1200L, 1243L);
    assertThat(summary.get("forecast").get("window_ms").asLong()).isEqualTo(300_000L);
    assertThat(summary.get("forecast").get("gap_policy").asText()).isEqualTo("impute");
    assertThat(summary.get("settings").get("cell").asText()).isEqualTo("lstm");
    assertThat(summary.get("epochs")).hasSize(3);
    assertThat(summary.get("epochs").get(0).get("validation_loss").isNumber()).isTrue();
    assertThat(summary.get("result").get("best_epoch").asInt()).isBetween(1, 3);

    Map<String, String> metadata = new SafetensorsReader().read(model).metadata();
    assertThat(metadata).containsKeys(TrainingCheckpoint.DATA, TrainingCheckpoint.FORECAST,
        TrainingCheckpoint.SETTINGS, TrainingCheckpoint.EPOCHS, TrainingCheckpoint.RESULT);
    assertThat(JSON.readTree(metadata.get(TrainingCheckpoint.DATA))).isEqualTo(data);
    assertThat(err.toString()).contains("epoch 3/3: train ").contains("best epoch");
  }

  @Test
  void theSameSeedWritesTheSameWeights() throws Exception {
    Path first = dir.resolve("a.safetensors");
    Path second = dir.resolve("b.safetensors");
    assertThat(run(small(NAB, first))).isZero();
    assertThat(run(small(NAB, second))).isZero();
    assertThat(ModelFiles.read(second)).isEqualTo(ModelFiles.read(first));
  }

  @Test
  void badDataExitsWithTwoAndOneLineNamingFileAndLine() throws Exception {
    Path csv = dir.resolve("broken.csv");
    Files.write(csv, List.of("timestamp,value", "2014-04-01 00:00:00,1", "2014-04-01 00:05:00,lots"));
    Path model = dir.resolve("m.safetensors");
    assertThat(run(small(csv, model))).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("flowcast: " + csv + ":3: unparsable value 'lots'" + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
    assertThat(Files.exists(model)).isFalse();
  }

  @Test
  void aFileShorterThanOneSequenceIsNamed() throws Exception {
    Path csv = dir.resolve("short.csv");
    Files.write(csv, List.of("timestamp,value", "0,1", "300,2", "600,3"));
    assertThat(run(small(csv, dir.resolve("m.safetensors")))).isEqualTo(2);
    assertThat(err.toString()).startsWith("flowcast: " + csv + ": sensor 'short' has 3 windows, fewer than one sequence of 32");
  }

  @Test
  void skippedRowsAreReportedOnStderrAndInTheSummary() throws Exception {
    Path csv = dir.resolve("holes.csv");
    List<String> lines = new ArrayList<>(List.of("timestamp,value"));
    for (int i = 0; i < 200; i++) {
      lines.add(i * 300 + "," + (i % 50 == 7 ? "" : String.valueOf(Math.sin(i / 5.0))));
    }
    Files.write(csv, lines);
    assertThat(run(small(csv, dir.resolve("m.safetensors")))).as(err.toString()).isZero();
    JsonNode data = JSON.readTree(out.toString()).get("data");
    assertThat(data.get("skipped_rows").asLong()).isEqualTo(4);
    assertThat(data.get("skipped_by_reason").get("empty value").asLong()).isEqualTo(4);
    assertThat(data.get("imputed_windows").asLong()).as("the emptied windows are gaps").isEqualTo(4);
    assertThat(err.toString()).contains("flowcast: skipped 4 rows: {empty value=4}");
  }

  @Test
  void withoutDataItSaysWhatIsMissing() {
    assertThat(run("--out", dir.resolve("m.safetensors").toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("flowcast: --data PATH is required" + System.lineSeparator());
  }
}
