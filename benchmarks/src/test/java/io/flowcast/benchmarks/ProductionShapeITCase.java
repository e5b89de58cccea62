package io.flowcast.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A small production-shape run (in-process Kafka, RocksDB, exactly-once sinks, an injected failure
 * in each run; about 30 s): the benchmark's pieces work together, the committed output holds
 * exactly one forecast per sensor and window across the failure, and the last line carries every
 * figure. The checkpoint and recovery figures are checked for presence only: on an idle machine a
 * run this short ends (with its final checkpoint) before a periodic checkpoint completes or a poll
 * sees the restarted tasks, and then they read NaN or n/a (seen in CI on an idle 2-core machine).
 */
class ProductionShapeITCase {

  @Test
  void tinyRunReportsEveryFigureAndExactlyOnceOutput() {
    StringWriter output = new StringWriter();
    int exit = new CommandLine(new ProductionShape())
        .setOut(new PrintWriter(output, true))
        .execute("--sensors", "4000", "--warm-up-sensors", "200", "--windows", "4", "--readings-per-window", "3",
            "--checkpoint-interval-ms", "500", "--hidden", "8");

    assertThat(exit).as(output.toString()).isZero();
    System.out.print(output);
    String last = output.toString().lines().reduce((first, second) -> second).orElseThrow();
    assertThat(last).startsWith("PRODUCTION_SHAPE ");
    Map<String, String> figures = Arrays.stream(last.substring("PRODUCTION_SHAPE ".length()).split(" "))
        .map(pair -> pair.split("=", 2))
        .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
    assertThat(figures).containsEntry("sensors", "4000").containsEntry("exactly_once", "true");
    assertThat(Double.parseDouble(figures.get("forecasts_per_s"))).isPositive();
    assertThat(Double.parseDouble(figures.get("identity_per_s"))).isPositive();
    assertThat(Double.parseDouble(figures.get("serializer_bytes_per_sensor"))).isPositive();
    assertThat(figures).containsKeys("checkpoint_ms_median", "checkpoint_bytes", "state_bytes_per_sensor",
        "recovery_s", "recovery_running_s");
  }
}
