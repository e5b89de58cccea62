package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.flink.cli.FlowcastCli;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateCommandTest {
  private static final Pattern EVAL = Pattern.compile("EVAL files=(\\d+) rows=(\\d+) mse=(\\S+) mae=(\\S+)"
      + " mse_persistence=(\\S+) mae_persistence=(\\S+) coverage=(\\S+) seconds=(\\S+)");
  private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final LocalDateTime START = LocalDateTime.of(2014, 1, 1, 0, 0);
  private static final String RESULT_HEADER = "timestamp,value,anomaly_score,forecast,lower,upper,anomaly";
  /** A small model trained briefly on each file's first 20 %: the train path, fast. */
  private static final String[] QUICK_PRETRAINING = {
      "--pretrain-fraction", "0.2", "--epochs", "1", "--steps-per-epoch", "3", "--hidden-size", "8"};
  /** A small fresh model, nothing pre-trained. */
  private static final String[] FRESH_MODEL = {"--model.hidden-size", "8"};

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new EvaluateCommand());
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @Test
  void printsTheEvaluationOfTheBundledModel() throws Exception {
    int exit = run("--weights", ForecastEvaluatorTest.DEMO_MODEL.toString(), "--sensors", "16", "--days", "2",
        "--fleet-seed", "5");

    assertThat(exit).as(err.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("sensors").asInt()).isEqualTo(16);
    assertThat(json.get("window_ms").asLong()).isEqualTo(300_000L);
    assertThat(json.get("compared_windows").asLong()).isEqualTo(16L * (2 * 288 - 30));
    assertThat(json.get("mae").asDouble()).isLessThan(json.get("mae_persistence").asDouble());
    assertThat(json.get("injected_detected").asInt()).isLessThanOrEqualTo(json.get("anomalies_injected").asInt());
  }

  @Test
  void namesAMissingWeightsFile() {
    assertThat(run("--weights", "no/such.safetensors")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("flowcast: no such file: no/such.safetensors" + System.lineSeparator());
  }

  // ---- --data: recorded CSV files ----

  @Test
  void evaluatesANabLayoutDirectory() throws Exception {
    Path data = nabData();
    Path results = dir.resolve("results");

    int exit = evaluateInto(data, QUICK_PRETRAINING);

    assertThat(exit).as(err.toString()).isZero();
    Matcher eval = evalLine();
    assertThat(eval.group(1)).isEqualTo("2");
    assertThat(eval.group(2)).isEqualTo(String.valueOf(600 + 580));
    for (int g = 3; g <= 8; g++) {
      assertThat(Double.parseDouble(eval.group(g))).as(eval.group()).isFinite().isNotNegative();
    }
    assertThat(Double.parseDouble(eval.group(7))).isBetween(0.0, 1.0);
    for (String name : List.of("cat/a.csv", "cat/b.csv")) {
      List<String> input = Files.readAllLines(data.resolve(name));
      List<String> result = Files.readAllLines(results.resolve(name));
      assertThat(result.get(0)).isEqualTo(RESULT_HEADER);
      assertThat(result).as(name).hasSameSizeAs(input);
      for (int row = 1; row < input.size(); row++) {
        String[] in = input.get(row).split(",", -1);
        String[] res = result.get(row).split(",", -1);
        assertThat(res).as(name + " row " + row).hasSize(7);
        assertThat(res[0]).isEqualTo(in[0]);
        assertThat(Double.parseDouble(res[1])).isEqualTo(Double.parseDouble(in[1]));
        assertThat(Double.parseDouble(res[2])).as(name + " row " + row).isBetween(0.0, 1.0);
        assertThat(res[6]).isIn("0", "1");
      }
      // forecasts exist once the sensor warmed up, and their intervals contain them
      String[] late = result.get(result.size() - 1).split(",", -1);
      assertThat(Double.parseDouble(late[4])).isLessThanOrEqualTo(Double.parseDouble(late[3]));
      assertThat(Double.parseDouble(late[5])).isGreaterThanOrEqualTo(Double.parseDouble(late[3]));
    }
    JsonNode summary = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
    assertThat(summary.get("files").asInt()).isEqualTo(2);
    assertThat(summary.get("series").asInt()).isEqualTo(2);
    assertThat(summary.get("fine_tuning").asBoolean()).isFalse();
    assertThat(summary.get("horizon").asInt()).isEqualTo(3);
    assertThat(summary.has("pretraining_best_epoch")).isTrue();
    assertThat(summary.get("per_series")).hasSize(2);
    assertThat(summary.get("per_series").get(0).get("file").asText()).isEqualTo("cat/a.csv");
    assertThat(summary.get("per_series").get(1).get("file").asText()).isEqualTo("cat/b.csv");
    for (JsonNode series : summary.get("per_series")) {
      assertThat(series.get("pairs").asLong()).isPositive();
      assertThat(series.get("mae").asDouble()).isFinite();
    }
    assertThat(summary.get("overall").get("mae").asDouble())
        .isCloseTo(Double.parseDouble(eval.group(4)), offset(1e-4));
  }

  @Test
  void evaluatesEachColumnOfAWideFile() throws Exception {
    Path wide = dir.resolve("wide.csv");
    List<String> lines = new ArrayList<>(List.of("date,HUFL,OT"));
    Random random = new Random(3);
    for (int row = 0; row < 400; row++) {
      double phase = 2 * Math.PI * row / 288;
      lines.add(time(row) + "," + value(10 + 3 * Math.sin(phase) + random.nextGaussian() * 0.2)
          + "," + value(40 + 5 * Math.cos(phase) + random.nextGaussian() * 0.5));
    }
    Files.write(wide, lines);
    Path results = dir.resolve("results");

    int exit = evaluateInto(wide, FRESH_MODEL);

    assertThat(exit).as(err.toString()).isZero();
    Matcher eval = evalLine();
    assertThat(eval.group(1)).isEqualTo("1");
    assertThat(eval.group(2)).isEqualTo("400");
    List<String> result = Files.readAllLines(results.resolve("wide.csv"));
    List<String> header = Arrays.asList(result.get(0).split(","));
    assertThat(header).containsExactly("date",
        "HUFL", "HUFL_anomaly_score", "HUFL_forecast", "HUFL_lower", "HUFL_upper", "HUFL_anomaly",
        "OT", "OT_anomaly_score", "OT_forecast", "OT_lower", "OT_upper", "OT_anomaly",
        "anomaly_score");
    assertThat(result).hasSize(401);
    for (int row = 1; row < result.size(); row++) {
      String[] fields = result.get(row).split(",", -1);
      assertThat(fields).hasSize(header.size());
      assertThat(fields[0]).isEqualTo(lines.get(row).split(",")[0]);
      double hufl = Double.parseDouble(fields[header.indexOf("HUFL_anomaly_score")]);
      double ot = Double.parseDouble(fields[header.indexOf("OT_anomaly_score")]);
      assertThat(hufl).isBetween(0.0, 1.0);
      assertThat(ot).isBetween(0.0, 1.0);
      assertThat(Double.parseDouble(fields[header.indexOf("anomaly_score")])).isEqualTo(Math.max(hufl, ot));
    }
    JsonNode summary = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
    assertThat(summary.get("files").asInt()).isEqualTo(1);
    assertThat(summary.get("series").asInt()).isEqualTo(2);
    assertThat(summary.get("per_series")).hasSize(2);
    assertThat(summary.get("per_series").get(1).get("column").asText()).isEqualTo("OT");
  }

  @Test
  void plotsAFileWithItsLabelledWindows() throws Exception {
    Path data = nabData();
    Path labels = dir.resolve("labels.json");
    Files.writeString(labels, "{\"cat/a.csv\": [[\"2014-01-01 20:00:00\", \"2014-01-01 22:00:00\"]],"
        + " \"cat/b.csv\": []}");
    Path results = dir.resolve("results");

    int exit = evaluateInto(data, FRESH_MODEL, "--plot", "cat/a.csv", "--labels", labels.toString());

    assertThat(exit).as(err.toString()).isZero();
    evalLine();
    BufferedImage image = ImageIO.read(results.resolve("cat/a.png").toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1600);
    assertThat(image.getHeight()).isEqualTo(600);
    assertThat(results.resolve("cat/b.png")).doesNotExist();
  }

  @Test
  void namesABrokenOrMissingLabelsFile() throws Exception {
    Path data = nabData();
    Path labels = dir.resolve("labels.json");
    Files.writeString(labels, "{\"cat/a.csv\":\n  [[\"2014-01-01 20:00:00\"\n");

    int exit = evaluateInto(data, FRESH_MODEL, "--plot", "cat/a.csv", "--labels", labels.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("flowcast: " + labels + ":3: not labelled windows");
    assertOneLine(err.toString());

    err.getBuffer().setLength(0);
    Path missing = dir.resolve("no-labels.json");
    exit = evaluateInto(data, FRESH_MODEL, "--plot", "cat/a.csv", "--labels", missing.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("flowcast: no such file: " + missing + System.lineSeparator());
  }

  @Test
  void namesTheFileAndLineOfAnUnparsableValue() throws Exception {
    Path bad = dir.resolve("bad.csv");
    Files.write(bad, List.of("timestamp,value",
        time(0) + ",1.0", time(1) + ",1.5", time(2) + ",2.0", time(3) + ",abc", time(4) + ",2.5"));

    int exit = evaluateInto(bad, FRESH_MODEL);

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("flowcast: ").contains(bad + ":5:").contains("'abc'");
    assertOneLine(err.toString());
  }

  @Test
  void namesTheLineWhereTimeGoesBack() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("cat"));
    Path back = data.resolve("cat/back.csv");
    Files.write(back, List.of("timestamp,value",
        time(0) + ",1.0", time(1) + ",1.5", time(2) + ",2.0", time(1) + ",2.5", time(3) + ",3.0"));

    int exit = evaluateInto(data, FRESH_MODEL);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("flowcast: ").contains(back + ":5:").contains("time order");
    assertOneLine(err.toString());
  }

  @Test
  void needsAnOutputDirectory() throws Exception {
    Path data = nabData();

    assertThat(evaluate("--data", data.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("flowcast: --data needs --out DIR" + System.lineSeparator());
  }

  @Test
  void aModelThatDoesNotFitTheHorizonIsNamedBeforeAnythingRuns() throws Exception {
    Path data = nabData();
    String weights = Path.of("..", "examples", "demo-model.safetensors").toString(); // horizon 3

    int exit = evaluate("--data", data.toString(), "--out", dir.resolve("results").toString(), "--weights", weights,
        "--forecast.horizon", "1");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("flowcast: " + weights + ": the model's head has 3 outputs")
        .doesNotContain("evaluating");
  }

  @Test
  void refusesToPlotAFileThatIsNotInTheData() throws Exception {
    Path data = nabData();
    Path results = dir.resolve("results");

    int exit = evaluateInto(data, FRESH_MODEL, "--plot", "cat/c.csv");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("flowcast: --plot cat/c.csv is not one of the data files");
    assertOneLine(err.toString());
    assertThat(results).doesNotExist();
  }

  @Test
  void rowsCutsEveryFileToItsFirstRows() throws Exception {
    Path data = nabData();
    Path results = dir.resolve("results");

    int exit = evaluateInto(data, QUICK_PRETRAINING, "--rows", "400");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(evalLine().group(2)).isEqualTo("800");
    for (String name : List.of("cat/a.csv", "cat/b.csv")) {
      List<String> input = Files.readAllLines(data.resolve(name));
      List<String> result = Files.readAllLines(results.resolve(name));
      assertThat(result).as(name).hasSize(401);
      assertThat(result.get(400).split(",", -1)[0]).isEqualTo(input.get(400).split(",", -1)[0]);
    }
  }

  @Test
  void aValidationFractionValidatesThePreTrainingAndMovesTheOnlinePart() throws Exception {
    Path data = nabData();
    Path plain = dir.resolve("plain");
    Path validated = dir.resolve("validated");

    assertThat(evaluate(args(QUICK_PRETRAINING, "--data", data.toString(), "--out", plain.toString())))
        .as(err.toString()).isZero();
    assertThat(evaluate(args(QUICK_PRETRAINING, "--data", data.toString(), "--out", validated.toString(),
        "--validation-fraction", "0.1"))).as(err.toString()).isZero();

    JsonNode without = new ObjectMapper().readTree(plain.resolve("summary.json").toFile());
    JsonNode with = new ObjectMapper().readTree(validated.resolve("summary.json").toFile());
    assertThat(without.has("pretraining_validation_loss")).isFalse();
    assertThat(with.get("validation_fraction").asDouble()).isEqualTo(0.1);
    assertThat(with.get("pretraining_validation_loss").asDouble()).isFinite().isPositive();
    // errors count over the online part only: 80% of each file without validation, 70% with it
    assertThat(with.get("per_series").get(0).get("pairs").asLong())
        .isLessThan(without.get("per_series").get(0).get("pairs").asLong());
  }

  @Test
  void refusesAValidationFractionWithoutPreTrainingOrOneThatLeavesNoRowsOnline() throws Exception {
    Path data = nabData();
    String out = dir.resolve("results").toString();

    assertThat(evaluate(args(FRESH_MODEL, "--data", data.toString(), "--out", out, "--validation-fraction", "0.1")))
        .isEqualTo(2);
    assertThat(err.toString()).contains("a validation fraction needs a pre-training fraction (--pretrain-fraction)");
    assertOneLine(err.toString());

    err.getBuffer().setLength(0);
    assertThat(evaluate("--data", data.toString(), "--out", out, "--pretrain-fraction", "0.6",
        "--validation-fraction", "0.4")).isEqualTo(2);
    assertThat(err.toString()).contains("must be in [0, 1) and leave rows online");
    assertOneLine(err.toString());
  }

  @Test
  void passesJobOptionsThrough() throws Exception {
    Path data = nabData();
    Path results = dir.resolve("results");

    int exit = evaluateInto(data, QUICK_PRETRAINING,
        "--forecast.horizon", "2", "--finetune.mode", "train",
        // short samples and small rounds, so that rounds run on 1180 windows
        "--finetune.sequence-length", "8", "--finetune.burn-in", "4", "--finetune.validation-size", "4",
        "--finetune.min-samples", "8", "--finetune.round-samples", "16");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).contains("fine-tuning online");
    assertThat(evalLine().group(1)).isEqualTo("2");
    JsonNode summary = new ObjectMapper().readTree(results.resolve("summary.json").toFile());
    assertThat(summary.get("fine_tuning").asBoolean()).isTrue();
    assertThat(summary.get("horizon").asInt()).isEqualTo(2);
    assertThat(summary.get("model_versions").asLong()).as(summary.toString()).isGreaterThan(1);
    assertThat(Files.readAllLines(results.resolve("cat/a.csv"))).hasSize(601);
  }

  @Test
  void namesAnUnknownJobOption() throws Exception {
    Path data = nabData();

    int exit = evaluateInto(data, FRESH_MODEL, "--forecast.horizn", "2");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("flowcast: unknown option 'forecast.horizn'");
    assertOneLine(err.toString());
  }

  /** {@code flowcast evaluate ARGS} through the whole command line. */
  private int evaluate(String... args) {
    CommandLine commandLine = FlowcastCli.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(Stream.concat(Stream.of("evaluate"), Arrays.stream(args)).toArray(String[]::new));
  }

  /** Evaluates {@code data} with {@code model}'s options and {@code options} into {@code dir/results}. */
  private int evaluateInto(Path data, String[] model, String... options) {
    String[] paths = {"--data", data.toString(), "--out", dir.resolve("results").toString()};
    return evaluate(args(model, args(paths, options)));
  }

  private static String[] args(String[] first, String... rest) {
    return Stream.concat(Arrays.stream(first), Arrays.stream(rest)).toArray(String[]::new);
  }

  /** The last stdout line, matched against the EVAL format. */
  private Matcher evalLine() {
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).as(err.toString()).isNotEmpty();
    Matcher matcher = EVAL.matcher(lines.get(lines.size() - 1));
    assertThat(matcher.matches()).as(lines.get(lines.size() - 1)).isTrue();
    return matcher;
  }

  private static void assertOneLine(String text) {
    assertThat(text.lines().count()).as(text).isEqualTo(1);
    assertThat(text).endsWith(System.lineSeparator());
  }

  /** data/cat/a.csv (600 rows) and data/cat/b.csv (580 rows): noisy daily sines at 5-minute steps. */
  private Path nabData() throws IOException {
    Path data = dir.resolve("data");
    Files.createDirectories(data.resolve("cat"));
    writeSine(data.resolve("cat/a.csv"), 600, 1);
    writeSine(data.resolve("cat/b.csv"), 580, 2);
    return data;
  }

  private static void writeSine(Path file, int rows, long seed) throws IOException {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>(List.of("timestamp,value"));
    for (int row = 0; row < rows; row++) {
      lines.add(time(row) + "," + value(50 + 10 * Math.sin(2 * Math.PI * row / 288) + random.nextGaussian()));
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static String time(int row) {
    return START.plusMinutes(5L * row).format(NAB_TIME);
  }

  private static String value(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
