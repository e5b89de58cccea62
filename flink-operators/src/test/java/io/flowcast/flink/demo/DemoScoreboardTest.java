package io.flowcast.flink.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DemoScoreboardTest {
  private static final long W = 300_000L;

  @Test
  void comparesModelAndPersistenceOverTheSameConsecutiveWindowsAfterWarmUp() {
    DemoScoreboard board = new DemoScoreboard(W, 1);
    board.onForecast("a", 0, 10, null, false); // warm-up, and no residual
    board.onForecast("a", W, 12, 1.0, false); // counted: |1| vs |12 - 10|
    board.onForecast("a", 2 * W, 11, -0.5, false); // counted: |-0.5| vs |11 - 12|
    board.onForecast("a", 4 * W, 20, 3.0, false); // after a gap: not counted
    board.onForecast("a", 5 * W, 21, Double.NaN, false); // no residual: not counted
    board.onForecast("a", 6 * W, 25, 2.0, false); // counted: |2| vs |25 - 21|
    board.onForecast("b", 0, 100, 50.0, false); // b's warm-up

    DemoFigures figures = board.figures();
    assertThat(figures.forecasts()).isEqualTo(7);
    assertThat(figures.comparedWindows()).isEqualTo(3);
    assertThat(figures.mae()).isCloseTo((1 + 0.5 + 2) / 3, within(1e-12));
    assertThat(figures.maePersistence()).isCloseTo((2 + 1 + 4) / 3.0, within(1e-12));
  }

  @Test
  void countsInjectedAnomaliesOnlyOnceTheirSensorHasReachedTheirWindow() {
    DemoScoreboard board = new DemoScoreboard(W, 0);
    board.onForecast("b", 3 * W, 5, 4.0, true); // flagged before its anomaly is registered
    board.addInjected(List.of(
        new InjectedAnomaly("a", W), new InjectedAnomaly("a", 5 * W), new InjectedAnomaly("b", 3 * W)));
    board.addInjected(List.of(new InjectedAnomaly("a", W))); // again: no effect
    board.onForecast("a", 0, 1, null, false);
    assertThat(board.figures().anomaliesInjected()).as("a's window 1 is still open").isEqualTo(1);

    board.onForecast("a", W, 9, 8.0, false); // a's anomaly closed but missed
    board.onForecast("a", 2 * W, 1, 0.1, true); // a false flag
    board.onForecast("b", 4 * W, 5, 0.1, true); // another, in the window after b's anomaly

    DemoFigures figures = board.figures();
    assertThat(figures.anomaliesInjected()).isEqualTo(2);
    assertThat(figures.injectedDetected()).isEqualTo(1);
    assertThat(figures.anomaliesFlagged()).isEqualTo(3);
    assertThat(figures.falseFlags()).isEqualTo(2);
    assertThat(figures.detectionRate()).isEqualTo(0.5);
  }

  @Test
  void summaryLineHasTheExactFormat() {
    DemoScoreboard board = new DemoScoreboard(W, 0);
    board.addReadings(1200);
    board.onReading();
    board.addInjected(List.of(new InjectedAnomaly("a", W)));
    board.onForecast("a", 0, 10, null, false);
    board.onForecast("a", W, 13, 2.5, true);
    assertThat(board.summaryLine()).isEqualTo("SUMMARY readings=1201 forecasts=2 anomalies_injected=1"
        + " injected_detected=1 anomalies_flagged=1 mae=2.5000 mae_persistence=3.0000 model_versions=0");
  }

  @Test
  void summaryLineSaysNaNBeforeAnyWindowWasCompared() {
    assertThat(new DemoScoreboard(W, 0).summaryLine()).isEqualTo("SUMMARY readings=0 forecasts=0"
        + " anomalies_injected=0 injected_detected=0 anomalies_flagged=0 mae=NaN mae_persistence=NaN"
        + " model_versions=0");
  }

  @Test
  void progressLineGivesRatesPerSecond() {
    DemoScoreboard board = new DemoScoreboard(W, 0);
    board.addReadings(5000);
    board.onForecast("a", 0, 10, null, false);
    board.onForecast("a", W, 12, 1.0, false);
    assertThat(board.progressLine(Duration.ofSeconds(2))).isEqualTo("readings=5000 (2500/s) forecasts=2 (1/s)"
        + " flagged=0 injected=0 detected=0 mae=1.0000 mae_persistence=2.0000 serving_version=- validation_loss=NaN");
  }

  @Test
  void countsDistinctModelVersionsAndShowsTheServingOneWithTheNewestValidationLoss() {
    DemoScoreboard board = new DemoScoreboard(W, 0);
    board.onForecast("a", 0, 10, null, false, 1L);
    board.onForecast("b", 0, 10, null, false, 1L);
    board.onAnnouncement(3, 0.25);
    board.onAnnouncement(2, 0.5); // older: not shown
    board.onForecast("a", W, 12, 1.0, false, 3L);
    board.onForecast("b", W, 12, 1.0, false, 2L); // b still served by version 2 for a moment
    board.onForecast("c", 0, 12, null, false, null); // version unknown: none counted

    assertThat(board.modelVersions()).isEqualTo(3);
    assertThat(board.summaryLine()).endsWith(" model_versions=3");
    assertThat(board.progressLine(Duration.ofSeconds(1))).endsWith(" serving_version=3 validation_loss=0.2500");
    board.onAnnouncement(4, null);
    assertThat(board.progressLine(Duration.ofSeconds(1))).endsWith(" validation_loss=NaN");
  }

  @Test
  void countsConcurrentCallersExactly() throws InterruptedException {
    DemoScoreboard board = new DemoScoreboard(W, 0);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int t = 0; t < 4; t++) {
      String sensor = "s" + t;
      pool.execute(() -> {
        for (int w = 0; w < 1000; w++) {
          board.onReading();
          board.onForecast(sensor, w * W, w, 1.0, false);
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    DemoFigures figures = board.figures();
    assertThat(figures.readings()).isEqualTo(4000);
    assertThat(figures.forecasts()).isEqualTo(4000);
    assertThat(figures.comparedWindows()).isEqualTo(4 * 999);
    assertThat(figures.maePersistence()).isEqualTo(1.0);
  }
}
