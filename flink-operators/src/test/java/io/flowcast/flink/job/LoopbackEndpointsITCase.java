package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flowcast.flink.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every socket an embedded run opens listens on the loopback address only, so that none is
 * reachable from another machine by default: the in-process broker's listeners (broker and
 * controller) and the Flink mini cluster's ({@code flowcast job} and the demo: the REST endpoint,
 * the blob server and whatever else it starts). Counted by the operating system
 * ({@link ListeningSockets}), whatever library opened them.
 */
class LoopbackEndpointsITCase {
  @TempDir Path state;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theBrokerAndTheMiniClusterListenOnLoopbackOnly() throws Exception {
    assumeTrue(ListeningSockets.supported(), "needs Linux's /proc");
    Set<String> before = ListeningSockets.ofThisProcess();
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics("readings", "forecasts", "anomalies", "dead-letters");
      Set<String> broker = opened(before);
      assertThat(broker).as("the broker's and the controller's listeners").hasSizeGreaterThanOrEqualTo(2)
          .allMatch(ListeningSockets::isLoopback, "bound to the loopback address");

      try (EmbeddedForecastJob job = EmbeddedForecastJob.start(
          CommandLineConfiguration.parse("--kafka.bootstrap-servers", kafka.bootstrapServers()), 2,
          new JobStateDirectory(state).flinkConfiguration(Optional.empty(), false))) {
        Set<String> flink = settled(before);
        flink.removeAll(broker);
        assertThat(flink).as("the mini cluster's sockets").isNotEmpty()
            .allMatch(ListeningSockets::isLoopback, "bound to the loopback address");
      }
    }
  }

  private static Set<String> opened(Set<String> before) {
    Set<String> now = new HashSet<>(ListeningSockets.ofThisProcess());
    now.removeAll(before);
    return now;
  }

  /** The sockets opened since {@code before}, once none has come or gone for two seconds. */
  private static Set<String> settled(Set<String> before) throws InterruptedException {
    Set<String> last = opened(before);
    for (int unchanged = 0; unchanged < 4; ) {
      Thread.sleep(500);
      Set<String> now = opened(before);
      unchanged = now.equals(last) ? unchanged + 1 : 0;
      last = now;
    }
    return last;
  }
}
