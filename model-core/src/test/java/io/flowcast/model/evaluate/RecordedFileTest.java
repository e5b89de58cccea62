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
  void theSamplingIntervalIsTheMedianOfThePositiveStepsBetweenTimestamps() {
    // steps 300, 300, 0 (a repeat), 340, 260, 300, 10, 290, 300 seconds: the positive ones' median is 300
    long[] seconds = {0, 300, 600, 600, 940, 1200, 1500, 1510, 1800, 2100};
    RecordedFile file = withTimes(LongStream.of(seconds).map(s -> s * 1000).toArray());

    assertThat(file.samplingIntervalMillis()).isEqualTo(300_000L);
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
