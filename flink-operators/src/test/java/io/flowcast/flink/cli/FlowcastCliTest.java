package io.flowcast.flink.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.cli.FlowcastCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FlowcastCliTest {
  private static final Path EXAMPLES = Path.of("..", "examples");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(CommandLine commandLine, String... args) {
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private int run(String... args) {
    return run(FlowcastCli.newCommandLine(), args);
  }

  @Test
  void registersEverySubcommand() {
    assertThat(FlowcastCli.newCommandLine().getSubcommands().keySet())
        .containsExactly("model", "train", "evaluate", "demo", "dashboard", "job");
    assertThat(FlowcastCli.newCommandLine().getSubcommands().get("model").getSubcommands()).containsKey("run");
  }

  @Test
  void helpListsTheSubcommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("Usage: flowcast").contains("demo").contains("job").contains("model");
  }

  @Test
  void modelRunPrintsWhatModelCoresCommandPrints() {
    String[] args = {"model", "run", "--cell", "lstm", "--weights", EXAMPLES.resolve("lstm-sine.safetensors").toString(),
        "--input", EXAMPLES.resolve("sine-input.json").toString()};
    StringWriter modelCoreOut = new StringWriter();
    CommandLine modelCore = FlowcastCommand.newCommandLine();
    modelCore.setOut(new PrintWriter(modelCoreOut));
    assertThat(modelCore.execute(args)).isZero();

    assertThat(run(args)).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("{\"outputs\":").isEqualTo(modelCoreOut.toString());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void modelRunBadInputStillExitsWithTwo() {
    assertThat(run("model", "run", "--cell", "lstm", "--weights", "no-such.safetensors",
        "--input", EXAMPLES.resolve("sine-input.json").toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("flowcast: no such file: no-such.safetensors" + System.lineSeparator());
  }

  @Test
  void anUnknownOptionExitsWithTwoAndOneLine() {
    assertThat(run("--frobnicate")).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString()
        .startsWith("flowcast: ").contains("--frobnicate");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aValueOfTheWrongTypeExitsWithTwo() {
    assertThat(run("demo", "--sensors", "many")).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString().startsWith("flowcast: ").contains("many");
  }

  @Test
  void jobPassesItsOptionsToTheJobConfiguration() {
    assertThat(run("job", "--kafka.bootstrap-servers", "localhost:1", "--window.size", "fortnightly")).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString()
        .isEqualTo("flowcast: invalid value 'fortnightly' for option 'window.size'");
  }

  @Test
  void jobRejectsAnUnknownKey() {
    assertThat(run("job", "--kafka.bootstrap-servers=localhost:1", "--no.such.key", "1")).isEqualTo(2);
    assertThat(err.toString().lines()).singleElement().asString()
        .startsWith("flowcast: unknown option 'no.such.key'");
  }

  @Test
  void jobRejectsAKeyWithoutValue() {
    assertThat(run("job", "--kafka.bootstrap-servers")).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("flowcast: missing value for --kafka.bootstrap-servers" + System.lineSeparator());
  }
}
