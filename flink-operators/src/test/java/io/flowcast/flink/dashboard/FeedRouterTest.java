package io.flowcast.flink.dashboard;

import static io.flowcast.flink.dashboard.TestForecasts.encode;
import static io.flowcast.flink.dashboard.TestForecasts.forecast;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.schemas.DeadLetter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Routing and counting of the dashboard's records; bad input is counted and never throws. */
class FeedRouterTest {
  private static final DashboardTopics TOPICS = new DashboardTopics("f", "a", "d", "r");

  private final SensorHistories histories = new SensorHistories(10);
  private final FleetStats stats = new FleetStats(() -> 0L);
  private final LiveSubscriptions subscriptions = new LiveSubscriptions();
  private final FeedRouter router = new FeedRouter(TOPICS, histories, stats, subscriptions);

  private String fleet() {
    StringBuilder out = new StringBuilder();
    stats.appendJson(out, histories.sensors());
    return out.toString();
  }

  @Test
  void forecastsGoToTheHistoriesAndOnlyToTheFollowersOfTheirSensor() throws Exception {
    LiveSubscriptions.Follower follower = subscriptions.add(List.of("s1"));
    router.route("f", encode(forecast("s1", 0)));
    router.route("f", encode(forecast("s2", 0, 1.0, false, 5)));
    router.route("f", encode(forecast("s1", 0)));

    assertThat(histories.sensors()).isEqualTo(2);
    assertThat(stats.forecastsRead()).isEqualTo(3);
    assertThat(follower.pollNow()).startsWith("{\"id\":\"s1\"");
    assertThat(follower.pollNow()).as("a repeated window is not sent again").isNull();
    assertThat(fleet()).contains("\"modelVersion\":5");
  }

  @Test
  void deadLettersAreCountedByReasonAndAnomaliesPerMinute() {
    DeadLetter late = new DeadLetter("r", 0, 1L, "LATE", null, null, Instant.EPOCH);
    router.route("d", encode(late));
    router.route("d", encode(late));
    router.route("a", encode(forecast("s", 0, 9.0, true, 0)));
    assertThat(fleet()).contains("\"deadLetters\":{\"LATE\":2}", "\"undecodable\":{}");
  }

  @Test
  void undecodableRecordsAreCountedPerTopicAndSkipped() {
    byte[] valid = encode(forecast("s", 0));
    List<byte[]> bad = new ArrayList<>(List.of(new byte[] {1, 2, 3}, new byte[0], Arrays.copyOf(valid, valid.length + 1),
        Arrays.copyOf(valid, valid.length - 1), new byte[] {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}));
    bad.add(null);
    for (byte[] value : bad) {
      router.route("f", value);
    }
    router.route("d", new byte[] {9});
    router.route("f", valid);
    assertThat(stats.undecodableRecords()).isEqualTo(bad.size() + 1);
    assertThat(fleet()).contains("\"undecodable\":{\"d\":1,\"f\":" + bad.size() + "}");
    assertThat(histories.sensors()).isEqualTo(1);
  }
}
