package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.cli.CapturedRun;
import io.flowcast.flink.dashboard.DashboardBrowser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flowcast demo} end to end, in-process Kafka and Flink included: 16 sensors for 60 s at
 * 7200 times real time (about 5 simulated days, so past the anomaly-free first day) with the
 * bundled model, fine-tuning it on the stream (the default {@code --finetune train}) while the
 * fleet drifts from the middle of the run on. One run serves both tests: while it runs, headless Chromium follows a sensor on
 * the dashboard it prints (skipped without Chromium); then its summary is checked. The simulator
 * is seeded, so the fleet and its anomalies are the same every run; only how far it gets depends
 * on the machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoCommandITCase {
  private static final Path BUNDLED_MODEL = Path.of("..").resolve(DemoCommand.BUNDLED_MODEL);
  private static final Pattern SUMMARY = Pattern.compile(
      "SUMMARY readings=(\\d+) forecasts=(\\d+) anomalies_injected=(\\d+) injected_detected=(\\d+)"
          + " anomalies_flagged=(\\d+) mae=(\\S+) mae_persistence=(\\S+) model_versions=(\\d+)");
  private static final Pattern DASHBOARD_LINE = Pattern.compile("(?m)^dashboard (http://127\\.0\\.0\\.1:\\d+/)$");

  private static final CapturedRun DEMO = new CapturedRun();
  private static CompletableFuture<Integer> exit;

  @BeforeAll
  static void startDemo() {
    exit = CompletableFuture.supplyAsync(() -> DEMO.execute("demo", "--sensors", "16", "--speedup", "7200",
        "--duration", "60s", "--report-every", "10s", "--model", BUNDLED_MODEL.toString(), "--dashboard-port", "0"));
  }

  @Test
  @Order(1)
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void theDashboardFollowsASensorLive(@TempDir Path profile) throws Exception {
    DashboardBrowser.assumeInstalled();
    DashboardBrowser.followMostAnomalousSensor(awaitDashboardUrl(), profile, Path.of("target", "dashboard.png"),
        Duration.ofSeconds(40));
  }

  @Test
  @Order(2)
  @Timeout(value = 250, unit = TimeUnit.SECONDS)
  void forecastsBetterThanPersistenceAndDetectsInjectedAnomalies() throws Exception {
    int code = exit.get(240, TimeUnit.SECONDS);

    List<String> lines = DEMO.out().lines().toList();
    assertThat(lines).as(DEMO.err()).hasSizeGreaterThan(2);
    assertThat(lines.get(0)).matches(DASHBOARD_LINE);
    assertThat(lines.subList(1, lines.size() - 1)).allSatisfy(line -> assertThat(line).startsWith("readings="));
    Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
    assertThat(summary.matches()).as(lines.get(lines.size() - 1)).isTrue();
    long readings = Long.parseLong(summary.group(1));
    long forecasts = Long.parseLong(summary.group(2));
    int injected = Integer.parseInt(summary.group(3));
    int detected = Integer.parseInt(summary.group(4));
    double mae = Double.parseDouble(summary.group(6));
    double maePersistence = Double.parseDouble(summary.group(7));
    int modelVersions = Integer.parseInt(summary.group(8));

    assertThat(readings).isPositive();
    assertThat(forecasts).isPositive().isLessThanOrEqualTo(readings / FleetSettings.demo(16, 0).readingsPerWindow());
    assertThat(mae).isLessThan(maePersistence);
    assertThat(injected).as("injected anomalies in closed windows").isPositive();
    assertThat(2 * detected).isGreaterThanOrEqualTo(injected);
    assertThat(modelVersions).as("versions that made forecasts: the initial one and the fine-tuner's")
        .isGreaterThanOrEqualTo(2);
    assertThat(lines.get(lines.size() - 2)).matches(".* serving_version=\\d+ validation_loss=\\S+");
    assertThat(code).as(DEMO.err()).isZero();
  }

  private static String awaitDashboardUrl() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && !exit.isDone()) {
      Matcher line = DASHBOARD_LINE.matcher(DEMO.out());
      if (line.find()) {
        return line.group(1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the demo printed no dashboard line: " + DEMO.out() + DEMO.err());
  }
}
