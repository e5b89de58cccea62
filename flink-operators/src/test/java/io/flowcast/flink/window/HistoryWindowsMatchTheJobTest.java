package io.flowcast.flink.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.ingest.Reading;
import io.flowcast.model.forecast.SensorWindows;
import io.flowcast.model.history.CsvColumns;
import io.flowcast.model.history.HistoryReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * model-core's CSV history ({@link HistoryReader}) windows readings exactly as the job does: Flink's
 * {@link TumblingEventTimeWindows} assigns the windows and the job's {@link WindowFeaturesAggregate}
 * computes their means, bit for bit.
 */
class HistoryWindowsMatchTheJobTest {
  private static final Duration WINDOW = Duration.ofSeconds(7);

  @TempDir Path dir;

  @Test
  void sameWindowStartsAndMeansAsFlinksTumblingWindowsAndTheJobsAggregate() throws Exception {
    Random random = new Random(3);
    List<String> lines = new ArrayList<>(List.of("timestamp,value"));
    List<Reading> readings = new ArrayList<>();
    long time = 1_700_000_000_123L; // epoch millis
    for (int i = 0; i < 2000; i++) {
      time += random.nextInt(5) == 0 ? random.nextInt(60_000) : random.nextInt(3_000); // gaps too
      double value = random.nextGaussian() * 1e3 + 1 / 3.0;
      lines.add(time + "," + value);
      readings.add(new Reading("s", time, value, 0, i));
    }
    Path csv = dir.resolve("s.csv");
    Files.write(csv, lines);

    SensorWindows windows = new HistoryReader(CsvColumns.defaults(), WINDOW.toMillis()).read(csv)
        .sensors().get(0).windows();

    TumblingEventTimeWindows assigner = TumblingEventTimeWindows.of(WINDOW);
    WindowAssigner.WindowAssignerContext context = new WindowAssigner.WindowAssignerContext() {
      @Override
      public long getCurrentProcessingTime() {
        return 0;
      }
    };
    WindowFeaturesAggregate aggregate = new WindowFeaturesAggregate();
    Map<Long, WindowAccumulator> byWindow = new LinkedHashMap<>();
    for (Reading reading : readings) {
      TimeWindow window = (TimeWindow) assigner.assignWindows(reading, reading.eventTime, context).iterator().next();
      aggregate.add(reading, byWindow.computeIfAbsent(window.getStart(), start -> aggregate.createAccumulator()));
    }
    long[] starts = byWindow.keySet().stream().mapToLong(Long::longValue).toArray();
    double[] means = byWindow.values().stream().mapToDouble(acc -> acc.sum / acc.count).toArray();
    assertThat(windows.starts()).containsExactly(starts);
    assertThat(windows.means()).containsExactly(means);
    assertThat(windows.size()).isLessThan(readings.size());
  }
}
