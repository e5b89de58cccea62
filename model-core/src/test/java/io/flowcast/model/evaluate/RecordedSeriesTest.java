package io.flowcast.model.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordedSeriesTest {
  private static final long MINUTE = 60_000L;

  /** Rows at minutes 0, 2, 4 (one 5-minute window), 6 (missing), 9, then 31 (after 4 empty windows). */
  private static RecordedFile file() {
    long[] times = {0, 2 * MINUTE, 4 * MINUTE, 6 * MINUTE, 9 * MINUTE, 31 * MINUTE};
    double[] values = {1, 2, 6, Double.NaN, 10, 20};
    List<String> texts = List.of("0", "2", "4", "6", "9", "31");
    return new RecordedFile(Path.of("x.csv"), "x.csv", "t", List.of("v"), texts, times, new double[][] {values});
  }

  @Test
  void aWindowIsTheMeanOfItsReadingsAndWindowsWithoutOneAreAbsent() {
    RecordedSeries series = RecordedSeries.of(file(), 0, 5 * MINUTE);

    assertThat(series.windows().starts()).containsExactly(0, 5 * MINUTE, 30 * MINUTE);
    assertThat(series.windows().means()).containsExactly(3, 10, 20);
    assertThat(series.rowWindow()).containsExactly(0, 0, 0, -1, 1, 2);
  }

  @Test
  void onlyAWindowsLastReadingClosesIt() {
    RecordedSeries series = RecordedSeries.of(file(), 0, 5 * MINUTE);

    assertThat(series.closesWindow()).containsExactly(false, false, true, false, true, true);
    assertThat(series.firstWindowFrom(2)).as("rows 0 and 1 fall in window 0").isEqualTo(1);
    assertThat(series.firstWindowFrom(0)).isZero();
    assertThat(series.windowsBefore(1).means()).containsExactly(3);
  }
}
