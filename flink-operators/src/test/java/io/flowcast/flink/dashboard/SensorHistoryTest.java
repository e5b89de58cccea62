package io.flowcast.flink.dashboard;

import static io.flowcast.flink.dashboard.TestForecasts.T0;
import static io.flowcast.flink.dashboard.TestForecasts.WINDOW_MS;
import static io.flowcast.flink.dashboard.TestForecasts.forecast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SensorHistoryTest {
  private static final Pattern START = Pattern.compile("\\{\"t\":(\\d+),");

  private static String json(SensorHistory history, int last) {
    StringBuilder out = new StringBuilder();
    history.appendJson(out, last);
    return out.toString();
  }

  private static List<Long> starts(String json) {
    List<Long> starts = new ArrayList<>();
    Matcher matcher = START.matcher(json.substring(json.indexOf("\"points\""), json.indexOf("\"horizon\"")));
    while (matcher.find()) {
      starts.add(Long.parseLong(matcher.group(1)));
    }
    return starts;
  }

  @Test
  void keepsTheNewestCapacityWindowsOldestFirst() {
    SensorHistory history = new SensorHistory("s", 3);
    for (int w = 0; w < 5; w++) {
      assertThat(history.add(forecast("s", w))).isTrue();
    }
    assertThat(history.size()).isEqualTo(3);
    String json = json(history, Integer.MAX_VALUE);
    assertThat(starts(json)).containsExactly(T0 + 2 * WINDOW_MS, T0 + 3 * WINDOW_MS, T0 + 4 * WINDOW_MS);
    assertThat(starts(json(history, 1))).containsExactly(T0 + 4 * WINDOW_MS);
  }

  @Test
  void writesTheOneStepForecastItsIntervalAndTheNewestHorizon() {
    SensorHistory history = new SensorHistory("boiler \"1\"", 4);
    history.add(forecast("boiler \"1\"", 0));
    history.add(forecast("boiler \"1\"", 1, 7.5, true, 4));
    assertThat(json(history, 8)).isEqualTo("{\"id\":\"boiler \\\"1\\\"\",\"len\":60000,\"points\":["
        + "{\"t\":" + T0 + ",\"a\":20.25,\"f\":20.0,\"lo\":18.0,\"hi\":22.0,\"s\":null,\"x\":false,\"v\":3},"
        + "{\"t\":" + (T0 + WINDOW_MS) + ",\"a\":21.25,\"f\":21.0,\"lo\":19.0,\"hi\":23.0,\"s\":7.5,\"x\":true,\"v\":4}],"
        + "\"horizon\":{\"t\":" + (T0 + 2 * WINDOW_MS) + ",\"f\":[21.0,21.5,22.0],\"lo\":[19.0,18.5,18.0],"
        + "\"hi\":[23.0,24.5,26.0]}}");
  }

  @Test
  void ignoresAWindowThatIsNotNewerThanTheNewest() {
    SensorHistory history = new SensorHistory("s", 4);
    history.add(forecast("s", 2));
    assertThat(history.add(forecast("s", 2))).isFalse();
    assertThat(history.add(forecast("s", 1))).isFalse();
    assertThat(history.size()).isEqualTo(1);
  }

  @Test
  void countsTheFlaggedWindowsItHoldsAndRemembersTheHighestScore() {
    SensorHistory history = new SensorHistory("s", 2);
    history.add(forecast("s", 0, 9.0, true, 0));
    history.add(forecast("s", 1, 5.0, true, 0));
    assertThat(history.anomalies()).isEqualTo(2);
    history.add(forecast("s", 2, 1.0, false, 0));
    assertThat(history.anomalies()).isEqualTo(1);
    history.add(forecast("s", 3, 1.0, false, 0));
    assertThat(history.anomalies()).isZero();
    assertThat(history.maxAnomalyScore()).isEqualTo(9.0f);
  }

  @Test
  void refusesAnEmptyCapacity() {
    assertThatThrownBy(() -> new SensorHistory("s", 0)).hasMessageContaining("capacity must be >= 1, got 0");
  }
}
