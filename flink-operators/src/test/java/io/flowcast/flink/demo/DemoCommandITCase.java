package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.cli.FlowcastCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code flowcast demo} end to end, in-process Kafka and Flink included: 16 sensors for 40 s at
 * 7200 times real time (about 3.3 simulated days, so past the anomaly-free first day) with the
 * bundled model. The simulator is seeded, so the fleet and its anomalies are the same every run;
 * only how far it gets depends on the machine.
 */
class DemoCommandITCase {
  private static final Path BUNDLED_MODEL = Path.of("..").resolve(DemoCommand.BUNDLED_MODEL);
  private static final Pattern SUMMARY = Pattern.compile(
      "SUMMARY readings=(\\d+) forecasts=(\\d+) anomalies_injected=(\\d+) injected_detected=(\\d+)"
          + " anomalies_flagged=(\\d+) mae=(\\S+) mae_persistence=(\\S+)");

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void forecastsBetterThanPersistenceAndDetectsInjectedAnomalies() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = FlowcastCli.newCommandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));

    int exit = commandLine.execute("demo", "--sensors", "16", "--speedup", "7200", "--duration", "40s",
        "--report-every", "10s", "--model", BUNDLED_MODEL.toString(), "--dashboard-port", "0");

    List<String> lines = out.toString().lines().toList();
    assertThat(lines).as(err.toString()).hasSizeGreaterThan(1);
    assertThat(lines.get(0)).matches("dashboard http://127\\.0\\.0\\.1:\\d+/");
    assertThat(lines.subList(1, lines.size() - 1)).allSatisfy(line -> assertThat(line).startsWith("readings="));
    Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
    assertThat(summary.matches()).as(lines.get(lines.size() - 1)).isTrue();
    long readings = Long.parseLong(summary.group(1));
    long forecasts = Long.parseLong(summary.group(2));
    int injected = Integer.parseInt(summary.group(3));
    int detected = Integer.parseInt(summary.group(4));
    double mae = Double.parseDouble(summary.group(6));
    double maePersistence = Double.parseDouble(summary.group(7));

    assertThat(readings).isPositive();
    assertThat(forecasts).isPositive().isLessThanOrEqualTo(readings / FleetSettings.demo(16, 0).readingsPerWindow());
    assertThat(mae).isLessThan(maePersistence);
    assertThat(injected).as("injected anomalies in closed windows").isPositive();
    assertThat(2 * detected).isGreaterThanOrEqualTo(injected);
    assertThat(exit).as(err.toString()).isZero();
  }
}
