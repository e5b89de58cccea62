package io.flowcast.model.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.forecast.SensorWindows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryReaderTest {
  private static final long MINUTE = 60_000L;

  @TempDir Path dir;

  private Path file(String name, String... lines) throws IOException {
    Path path = dir.resolve(name);
    Files.createDirectories(path.getParent());
    Files.write(path, List.of(lines));
    return path;
  }

  private static History read(Path data, long windowMillis) throws Exception {
    return new HistoryReader(CsvColumns.defaults(), windowMillis).read(data);
  }

  @Test
  void windowsLikeFlinksTumblingWindowsWithTheMeanOfEachWindow() throws Exception {
    Path csv = file("pump.csv", "timestamp,value",
        "2014-04-01 00:00:10,1.0",
        "2014-04-01 00:00:50,3.0",
        "2014-04-01 00:01:00,10",
        "1396310530,20", // 00:02:10 in epoch seconds
        "1396310580000,40"); // 00:03:00 in epoch millis: window 3, after missing none
    SensorWindows windows = read(csv, MINUTE).sensors().get(0).windows();
    long start = 1_396_310_400_000L;
    assertThat(windows.sensorId()).isEqualTo("pump");
    assertThat(windows.starts()).containsExactly(start, start + MINUTE, start + 2 * MINUTE, start + 3 * MINUTE);
    assertThat(windows.means()).containsExactly(2.0, 10.0, 20.0, 40.0);
  }

  @Test
  void windowStartsFollowTheEpochNotTheFirstReading() throws Exception {
    Path csv = file("s.csv", "timestamp,value", "1970-01-01T00:07:30Z,1", "1970-01-01T00:12:00Z,2",
        "1970-01-01T00:31:00Z,3");
    SensorWindows windows = read(csv, 10 * MINUTE).sensors().get(0).windows();
    assertThat(windows.starts()).containsExactly(0L, 10 * MINUTE, 30 * MINUTE);
    assertThat(windows.missedBefore(2)).as("window 20-30 min had no reading").isEqualTo(1);
  }

  @Test
  void readsADirectoryRecursivelyWithSensorIdsFromThePaths() throws Exception {
    file("plant/a.csv", "timestamp,value", "0,1");
    file("plant/b/c.csv", "timestamp,value", "0,2");
    file("notes.txt", "not a csv");
    History history = read(dir, MINUTE);
    assertThat(history.sensors()).extracting(SensorHistory::sensorId).containsExactly("plant/a", "plant/b/c");
    assertThat(history.files()).hasSize(2);
  }

  @Test
  void readsASensorColumnAndConfiguredColumns() throws Exception {
    Path csv = file("fleet.csv", "sensor,reading,at", "a,1,0", "b,5,0", "a,3,30", "\"b\",7,70");
    History history = new HistoryReader(new CsvColumns("at", "reading", "sensor"), MINUTE).read(csv);
    assertThat(history.sensors()).extracting(SensorHistory::sensorId).containsExactly("a", "b");
    assertThat(history.sensors().get(0).windows().means()).containsExactly(2.0);
    assertThat(history.sensors().get(1).windows().means()).containsExactly(5.0, 7.0);
  }

  @Test
  void countsTheRowsItSkipsByReason() throws Exception {
    Path csv = file("s.csv", "timestamp,value", "0,1", "60,", "", "120,NaN", "180,Infinity", "240,2e18", "300,4");
    History history = read(csv, MINUTE);
    assertThat(history.rows()).isEqualTo(6);
    assertThat(history.skippedRows()).isEqualTo(Map.of("empty value", 1L, "blank line", 1L,
        "non-finite value", 2L, "value beyond +-1e18", 1L));
    assertThat(history.sensors().get(0).readings()).isEqualTo(2);
    assertThat(history.jsonFields()).containsEntry("skipped_rows", 5L).containsEntry("windows", 2L);
  }

  @Test
  void aRowTheJobWouldDeadLetterIsSkippedWhereverItsTimeLies() throws Exception {
    Path csv = file("s.csv", "timestamp,value", "0,1", "120,2", "60,", "90,NaN", "180,3");
    History history = read(csv, MINUTE);
    assertThat(history.skippedRows()).isEqualTo(Map.of("empty value", 1L, "non-finite value", 1L));
    assertThat(history.sensors().get(0).readings()).isEqualTo(3);
  }

  @Test
  void namesFileAndLineOfEveryProblem() throws Exception {
    assertProblem(file("a.csv", "2014-04-01 00:00:00,1"), 1, "no column 'timestamp' in the header");
    assertProblem(file("b.csv", "time,value", "0,1"), 1, "no column 'timestamp'");
    assertProblem(file("c.csv"), 1, "no header");
    assertProblem(file("d.csv", "timestamp,value", "0,1", "60,abc"), 3, "unparsable value 'abc'");
    assertProblem(file("e.csv", "timestamp,value", "0,1", "soon,2"), 3, "unparsable timestamp 'soon'");
    assertProblem(file("f.csv", "timestamp,value", "120,1", "60,2"), 3, "is before its previous one");
    assertProblem(file("g.csv", "timestamp,value", "0"), 2, "1 fields, but the header names 2");
    assertProblem(file("h.csv", "timestamp,value", "\"0,1"), 2, "quoted field is not closed");
  }

  @Test
  void timeMustNotGoBackwardsPerSensorEvenAcrossOtherSensorsRows() throws Exception {
    Path ok = file("ok.csv", "sensor,timestamp,value", "a,100,1", "b,0,1", "a,200,1");
    assertThat(new HistoryReader(new CsvColumns("timestamp", "value", "sensor"), MINUTE).read(ok).sensors()).hasSize(2);
    Path bad = file("bad.csv", "sensor,timestamp,value", "a,100,1", "b,500,1", "a,50,1");
    assertThatThrownBy(() -> new HistoryReader(new CsvColumns("timestamp", "value", "sensor"), MINUTE).read(bad))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageStartingWith(bad + ":4: ")
        .hasMessageContaining("sensor 'a'");
  }

  @Test
  void aSensorWithFewerWindowsThanASequenceIsNamed() throws Exception {
    Path csv = file("short.csv", "timestamp,value", "0,1", "60,2");
    History history = read(csv, MINUTE);
    assertThatThrownBy(() -> history.requireWindows(64, "one sequence"))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage(csv + ": sensor 'short' has 2 windows, fewer than one sequence of 64");
  }

  private static void assertProblem(Path csv, long line, String problem) {
    assertThatThrownBy(() -> read(csv, MINUTE))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageStartingWith(csv + ":" + line + ": ")
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((HistoryFormatException) e).line()).isEqualTo(line));
  }
}
