package io.flowcast.model.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RecordedFileTest {

  private static RecordedFile withTimes(long... times) {
    List<String> texts = LongStream.of(times).mapToObj(Long::toString).collect(Collectors.toList());
    double[] values = new double[times.length];
    Arrays.fill(values, 1);
    return new RecordedFile(Path.of("data/x.csv"), "x.csv", "timestamp", List.of("value"), texts, times,
        new double[][] {values});
  }

  @Test
  void theSamplingIntervalIsTheTimeOverThePeriodsItSpansInMultiplesOfTheMedianStep() {
    // steps 300, 300, 0 (a repeat), 340, 260, 300, 10, 290, 300 seconds: the positive ones' median is
    // 300; 2,100 s over 7 periods (the 10 s step is none, the 290 s after it one)
    long[] seconds = {0, 300, 600, 600, 940, 1200, 1500, 1510, 1800, 2100};
    RecordedFile file = withTimes(LongStream.of(seconds).map(s -> s * 1000).toArray());

    assertThat(file.samplingIntervalMillis()).isEqualTo(300_000L);
  }

  @Test
  void jitteredTimestampsGiveTheirNominalIntervalWhereTheMedianStepIsASecondOff() {
    // every third reading 3 s early: steps 301, 301, 298, ...; their median is 301 s
    long[] seconds = new long[31];
    for (int i = 0; i < seconds.length; i++) {
      seconds[i] = 300L * i + (i % 3 == 0 ? 0 : i % 3);
    }
    RecordedFile file = withTimes(LongStream.of(seconds).map(s -> s * 1000).toArray());

    assertThat(file.samplingIntervalMillis()).isEqualTo(300_000L);
  }

  @Test
  void aGapCountsAsThePeriodsItSpansAndALongOneIsLeftOut() {
    // 250 ms readings with a ms-resolution jitter, a gap of 5 periods, then one of 12 (left out)
    long[] millis = {0, 251, 500, 749, 1000, 2250, 2501, 2750, 5750, 6000, 6250};
    assertThat(withTimes(millis).samplingIntervalMillis()).isEqualTo(250L);
    long[] longGapLeftOut = {0, 250, 500, 750, 1000, 3800};
    assertThat(withTimes(longGapLeftOut).samplingIntervalMillis())
        .as("a step of 11 periods would give (1000 + 2800) / 15 = 253 ms").isEqualTo(250L);
  }

  @Test
  void aFileWhoseTimestampsAllAgreeHasNoSamplingIntervalAndSaysToGiveTheWindow() {
    RecordedFile file = withTimes(5_000, 5_000, 5_000);

    assertThatThrownBy(file::samplingIntervalMillis).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("data/x.csv")
        .hasMessageContaining("no two timestamps differ")
        .hasMessageContaining("--window");
  }
}
