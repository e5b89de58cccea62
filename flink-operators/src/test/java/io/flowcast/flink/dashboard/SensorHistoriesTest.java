package io.flowcast.flink.dashboard;

import static io.flowcast.flink.dashboard.TestForecasts.forecast;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SensorHistoriesTest {
  private final SensorHistories histories = new SensorHistories(3);

  @Test
  void holdsAtMostTheCapacityPerSensor() {
    for (int w = 0; w < 10; w++) {
      histories.add(forecast("a", w));
      histories.add(forecast("b", w));
    }
    assertThat(histories.sensors()).isEqualTo(2);
    assertThat(histories.windowsHeld()).isEqualTo(6);
  }

  @Test
  void findsByIdCaseInsensitivelyMostAnomalousFirst() {
    histories.add(forecast("Pump-1", 0, 1.0, false, 0));
    histories.add(forecast("pump-2", 0, 6.0, true, 0));
    histories.add(forecast("pump-3", 0, 9.0, true, 0));
    histories.add(forecast("pump-3", 1, 8.0, true, 0));
    histories.add(forecast("fan-1", 0, 20.0, true, 0));
    assertThat(histories.find("PUMP", 10)).extracting(SensorHistories.SensorSummary::id)
        .containsExactly("pump-3", "pump-2", "Pump-1");
    assertThat(histories.find("", 2)).extracting(SensorHistories.SensorSummary::id).containsExactly("pump-3", "fan-1");
    assertThat(histories.find("valve", 10)).isEmpty();
  }

  @Test
  void writesNothingForAnUnknownSensor() {
    StringBuilder out = new StringBuilder();
    assertThat(histories.appendJson("nobody", 5, out)).isFalse();
    assertThat(out).isEmpty();
  }
}
