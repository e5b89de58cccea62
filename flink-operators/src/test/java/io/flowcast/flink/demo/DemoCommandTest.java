package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.cli.FlowcastCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The demo's options and arithmetic; the run itself is {@link DemoCommandITCase}. */
class DemoCommandTest {
  private static final long T0 = FleetSettings.DEFAULT_START_MILLIS;
  private static final long WINDOW = FleetSettings.DEMO_WINDOW_MILLIS;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = FlowcastCli.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--sensors 0                       | --sensors must be >= 1, got 0",
      "--speedup 0                       | --speedup must be a positive number, got 0.0",
      "--duration 0s                     | --duration must be positive, got PT0S",
      "--report-every 0ms                | --report-every must be positive, got PT0S",
      "--parallelism 0                   | --parallelism must be >= 1, got 0",
      "--dashboard-port 70000            | --dashboard-port must be in [0, 65535], got 70000",
      "--fresh --model m.safetensors     | --fresh and --model exclude each other",
      "--finetune follow                 | --finetune must be train or off, got follow",
      "--model no-such-model.safetensors | no such file: no-such-model.safetensors"})
  void badOptionsExitWithTwoBeforeStartingAnything(String args, String problem) {
    assertThat(run(("demo " + args).split(" "))).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("flowcast: " + problem + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aDurationThatDoesNotParseExitsWithTwo() {
    assertThat(run("demo", "--duration", "a while")).isEqualTo(2);
    assertThat(err.toString()).startsWith("flowcast: ").contains("'a while' is not a duration");
  }

  @Test
  void theLastClosedWindowEndsAtOrBeforeTheWatermark() {
    long outOfOrderness = DemoJobConfiguration.OUT_OF_ORDERNESS.toMillis();
    assertThat(DemoCommand.lastClosedWindowEnd(T0 + WINDOW + outOfOrderness, WINDOW)).isEqualTo(T0 + WINDOW);
    assertThat(DemoCommand.lastClosedWindowEnd(T0 + WINDOW + outOfOrderness - 1, WINDOW)).isEqualTo(T0);
    assertThat(DemoCommand.lastClosedWindowEnd(T0 + 3 * WINDOW - 1, WINDOW)).isEqualTo(T0 + 2 * WINDOW);
  }
}
