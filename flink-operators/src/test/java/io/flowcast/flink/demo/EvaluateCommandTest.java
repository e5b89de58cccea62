package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvaluateCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

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
}
