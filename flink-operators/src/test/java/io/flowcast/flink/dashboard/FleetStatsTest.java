package io.flowcast.flink.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FleetStatsTest {
  private final AtomicLong now = new AtomicLong(5_000_000);
  private final FleetStats stats = new FleetStats(now::get);

  private String json() {
    StringBuilder out = new StringBuilder();
    stats.appendJson(out, 7);
    return out.toString();
  }

  @Test
  void readingsPerSecondIsTheGrowthOfTheEndOffsetsAfterTheFirstLook() {
    stats.readingsEndOffset(1_000_000);
    now.addAndGet(1_000);
    stats.readingsEndOffset(1_000_500);
    now.addAndGet(1_000);
    stats.readingsEndOffset(1_000_500);
    now.addAndGet(1_000);
    assertThat(json()).startsWith("{\"readingsPerSecond\":50,");
  }

  @Test
  void reportsEverythingOnTheFleetStrip() {
    assertThat(json()).isEqualTo("{\"readingsPerSecond\":0,\"forecastsPerSecond\":0,\"anomaliesPerMinute\":0,"
        + "\"deadLetters\":{},\"undecodable\":{},\"modelVersion\":null,\"forecastsRead\":0,\"sensors\":7}");
    for (int i = 0; i < 20; i++) {
      stats.forecast(i % 3);
    }
    stats.anomaly();
    stats.deadLetter("LATE");
    stats.deadLetter("MALFORMED_AVRO");
    stats.undecodable("forecasts");
    now.addAndGet(1_000);
    assertThat(json()).isEqualTo("{\"readingsPerSecond\":0,\"forecastsPerSecond\":2,\"anomaliesPerMinute\":1,"
        + "\"deadLetters\":{\"LATE\":1,\"MALFORMED_AVRO\":1},\"undecodable\":{\"forecasts\":1},\"modelVersion\":2,"
        + "\"forecastsRead\":20,\"sensors\":7}");
  }
}
