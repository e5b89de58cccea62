package io.flowcast.model.evaluate;

import static io.flowcast.model.evaluate.EvaluationFixtures.PRETRAINING;
import static io.flowcast.model.evaluate.EvaluationFixtures.SAMPLES;
import static io.flowcast.model.evaluate.EvaluationFixtures.TUNING;
import static io.flowcast.model.evaluate.EvaluationFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.finetune.FineTuneSettings;
import io.flowcast.model.finetune.SampleSettings;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.pretrain.Pretrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedEvaluationTest {
  private static final DateTimeFormatter NAB_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Pretrainer.Progress QUIET = Pretrainer.Progress.NONE;
  private static final int ROWS = 900;

  @TempDir Path dir;

  /** A daily sine with noise every 5 minutes, a spike at {@code spikeRow}, one reading missing. */
  private Path nabFile(String name, long seed, int spikeRow, double spikeValue) throws Exception {
    Random random = new Random(seed);
    List<String> lines = new ArrayList<>(List.of("timestamp,value"));
    for (int row = 0; row < ROWS; row++) {
      double value = 50 + 10 * Math.sin(2 * Math.PI * row / 288.0) + random.nextGaussian();
      String text = row == 300 ? "" : String.valueOf(row == spikeRow ? spikeValue : value);
      lines.add(NAB_TIME.format(Instant.ofEpochSecond(1_400_000_100L + 300L * row)) + "," + text);
    }
    Path file = dir.resolve("data").resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, lines);
    return file;
  }

  private static EvaluationSettings settings(ModelParameters initial, double pretrain, double validation,
      SampleSettings samples, FineTuneSettings tuning) {
    return new EvaluationSettings(ForecastSettings.defaults().withHorizon(1), GapPolicy.IMPUTE, 12, 64, 0, pretrain,
        validation, PRETRAINING, initial, samples, tuning);
  }

  private List<String> results(EvaluationSettings settings, String out) throws Exception {
    List<RecordedFile> files = new RecordedFileReader(null, 0).read(dir.resolve("data"));
    RecordedEvaluation.Outcome outcome = new RecordedEvaluation(settings).run(files, QUIET);
    ResultFiles.write(dir.resolve(out), files.get(0), outcome.series().subList(0, 1));
    return Files.readAllLines(dir.resolve(out).resolve(files.get(0).name()));
  }

  @Test
  void everyDataRowGetsOneResultRowWithItsOwnTimestampAndAScoreInTheUnitInterval() throws Exception {
    Path data = nabFile("cat/a.csv", 1, 700, 200);
    nabFile("cat/b.csv", 2, 650, 10);

    List<String> lines = results(settings(model(), 0, 0, null, null), "out");

    List<String> rows = Files.readAllLines(data);
    assertThat(lines).hasSize(rows.size());
    assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score,forecast,lower,upper,anomaly");
    for (int i = 1; i < lines.size(); i++) {
      String[] result = lines.get(i).split(",", -1);
      assertThat(result[0]).isEqualTo(rows.get(i).split(",")[0]);
      double score = Double.parseDouble(result[2]);
      assertThat(score).as("row %d", i).isBetween(0.0, 1.0);
    }
    String[] missing = lines.get(301).split(",", -1);
    assertThat(missing[1]).isEmpty();
    assertThat(missing[2]).isEqualTo("0.0");
    String[] spike = lines.get(701).split(",", -1);
    assertThat(Double.parseDouble(spike[2])).isGreaterThan(0.25);
    assertThat(spike[6]).isEqualTo("1");
  }

  /** No peeking: changing a row changes nothing written for the rows before it, nor its own forecast. */
  @Test
  void aRowsForecastAndScoreUseOnlyTheRowsBeforeIt() throws Exception {
    nabFile("cat/a.csv", 1, 700, 200);
    List<String> before = results(settings(model(), 0.2, 0.1, null, null), "before");
    nabFile("cat/a.csv", 1, 700, -500);
    List<String> after = results(settings(model(), 0.2, 0.1, null, null), "after");

    assertThat(after.subList(0, 701)).isEqualTo(before.subList(0, 701));
    String[] spikeBefore = before.get(701).split(",", -1);
    String[] spikeAfter = after.get(701).split(",", -1);
    assertThat(spikeAfter[3]).isEqualTo(spikeBefore[3]); // its forecast was made before it
    assertThat(after.get(702)).isNotEqualTo(before.get(702));
  }

  @Test
  void preTrainingAndFineTuningRunThroughTheJobsCode() throws Exception {
    nabFile("cat/a.csv", 1, 700, 200);
    nabFile("cat/b.csv", 2, 650, 10);
    List<RecordedFile> files = new RecordedFileReader(null, 0).read(dir.resolve("data"));
    RecordedEvaluation.Outcome outcome = new RecordedEvaluation(settings(null, 0.3, 0.1, SAMPLES, TUNING))
        .run(files, QUIET);

    assertThat(outcome.pretraining()).isNotNull();
    assertThat(outcome.modelVersions()).isGreaterThan(1);
    assertThat(outcome.series()).hasSize(2).allSatisfy(s -> assertThat(s.emitted()).isEqualTo(ROWS - 1));
    EvaluationReport report = new EvaluationReport(files, outcome.series());
    assertThat(report.overall().pairs()).isPositive();
    assertThat(report.evalLine(1.25)).matches("EVAL files=2 rows=1800 mse=\\S+ mae=\\S+ mse_persistence=\\S+"
        + " mae_persistence=\\S+ coverage=0\\.\\d{4} seconds=1\\.3");
  }

  @Test
  void aFileWithoutOnlineRowsIsRefused() throws Exception {
    Path file = dir.resolve("data/short.csv");
    Files.createDirectories(file.getParent());
    Files.write(file, List.of("timestamp,value", "2014-01-01 00:00:00,1", "2014-01-01 00:05:00,2"));
    List<RecordedFile> files = new RecordedFileReader(null, 0).read(file);
    assertThatThrownBy(() -> new RecordedEvaluation(settings(null, 0.5, 0.4, null, null)).run(files, QUIET))
        .hasMessageContaining("no window in its online part");
  }

  /**
   * Readings every 5 minutes on a grid whose windows they fall in the middle of, every fifth one 40 s
   * late and every seventh followed by a second reading 10 s later (so most steps are still 5
   * minutes: the sampling interval), and after window 400 a gap of {@code gapWindows} windows
   * without a reading. Returns the window of each data row.
   */
  private List<Long> irregularFile(String name, int gapWindows) throws Exception {
    List<String> lines = new ArrayList<>(List.of("timestamp,value"));
    List<Long> windows = new ArrayList<>();
    long base = 1_400_000_100L; // a multiple of 300 s plus 100 s
    for (int k = 0; k < 600; k++) {
      long window = k <= 400 ? k : k + gapWindows;
      double value = 50 + 10 * Math.sin(2 * Math.PI * window / 288.0);
      long second = base + 300 * window + (k % 5 == 2 ? 40 : 0);
      lines.add(NAB_TIME.format(Instant.ofEpochSecond(second)) + "," + value);
      windows.add(window);
      if (k % 7 == 3) {
        lines.add(NAB_TIME.format(Instant.ofEpochSecond(second + 10)) + "," + (value + 1));
        windows.add(window);
      }
    }
    Path file = dir.resolve("data").resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, lines);
    return windows;
  }

  /**
   * Irregular timestamps go through the job's windowing and gap policy: readings in one window are
   * one window, a gap up to {@code gap.max-windows} (12) is imputed and the sensor goes on, a longer
   * one restarts its recurrent state (the window after it has no forecast, so no score).
   */
  @Test
  void irregularTimestampsAndGapsGoThroughTheWindowsAndTheGapPolicy() throws Exception {
    List<Long> shortGap = irregularFile("cat/short-gap.csv", 5);
    List<Long> longGap = irregularFile("cat/long-gap.csv", 20);
    List<RecordedFile> files = new RecordedFileReader(null, 0).read(dir.resolve("data"));
    assertThat(files).allSatisfy(file -> assertThat(file.samplingIntervalMillis()).isEqualTo(300_000L));

    RecordedEvaluation.Outcome outcome = new RecordedEvaluation(settings(model(), 0, 0, null, null)).run(files, QUIET);

    EvaluatedSeries imputed = outcome.series().stream()
        .filter(s -> s.series().sensorId().equals("cat/short-gap")).findFirst().orElseThrow();
    EvaluatedSeries restarted = outcome.series().stream()
        .filter(s -> s.series().sensorId().equals("cat/long-gap")).findFirst().orElseThrow();
    for (EvaluatedSeries series : List.of(imputed, restarted)) {
      RecordedSeries recorded = series.series();
      List<Long> expected = series == imputed ? shortGap : longGap;
      assertThat(recorded.windows().size()).as("one window per 5 minutes with readings").isEqualTo(600);
      assertThat(series.emitted()).isEqualTo(600);
      for (int row = 0; row < expected.size(); row++) {
        assertThat(recorded.windows().starts()[recorded.rowWindow()[row]]).as("row %d", row)
            .isEqualTo((1_400_000_100L / 300 * 300 + 300 * expected.get(row)) * 1000);
      }
    }
    // window 401 is the first after the gap
    assertThat(imputed.score(400)).isNotNaN();
    assertThat(imputed.score(401)).as("an imputed gap: the model stepped through it, so 401 has a forecast")
        .isNotNaN();
    assertThat(restarted.score(400)).isNotNaN();
    assertThat(restarted.score(401)).as("a gap beyond the maximum: the recurrent state restarts, no forecast")
        .isNaN();
    assertThat(restarted.score(402)).as("its scale and residuals kept, it is scored again at once").isNotNaN();
    assertThat(imputed.forecastFor(401)).as("5 windows ahead is beyond the horizon of 1").isNaN();
    assertThat(imputed.forecastFor(402)).isNotNaN();
  }
}
