package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.flink.kafka.TcpProxy;
import io.flowcast.schemas.Forecast;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker unreachable when the job starts and again in the middle of the stream, each time for
 * {@link #OUTAGE}: the job (on a Flink mini cluster, as {@code flowcast job} runs it, with its
 * default restart strategy) waits, resumes, and its committed forecasts are exactly those of a
 * failure-free run ({@link ExactSensorStream}). The broker stays up behind a {@link TcpProxy},
 * the only address it gives clients, which the test closes and opens again: Kafka's test kit cannot
 * restart a broker on the same port.
 */
class BrokerOutageITCase {
  /**
   * How long the broker stays away, each time: 20 s by default (CI);
   * {@code -Dflowcast.it.broker-outage-seconds=N} measures a longer outage (docs/RELIABILITY.md).
   */
  private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("flowcast.it.broker-outage-seconds", 20));
  /** How long the committed forecasts may take to arrive once the broker is back. */
  private static final Duration CATCH_UP = Duration.ofSeconds(150).plus(OUTAGE);
  private static final int SENSORS = ExactSensorStream.SENSORS;
  private static final int WINDOWS = 40;

  @TempDir Path state;

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void theJobWaitsForTheBrokerAndResumesWithoutLossOrDuplicates() throws Exception {
    try (TcpProxy proxy = TcpProxy.open(); EmbeddedKafka kafka = EmbeddedKafka.startAdvertising(proxy.port())) {
      proxy.forwardTo(kafka.bootstrapServers());
      kafka.createTopics("readings", "forecasts", "anomalies", "dead-letters");
      String brokers = "127.0.0.1:" + proxy.port();
      ExactSensorStream.produce(brokers, 0, WINDOWS / 2);

      proxy.cut();
      try (EmbeddedForecastJob job = EmbeddedForecastJob.start(
          CommandLineConfiguration.parse(ExactSensorStream.jobArguments(brokers).toArray(String[]::new)), 1,
          new JobStateDirectory(state).flinkConfiguration(Optional.empty(), false))) {
        Thread.sleep(OUTAGE.toMillis());
        assertThat(job.failure()).as("the job waits for the broker").isEmpty();
        proxy.restore();

        List<Forecast> committed = new ArrayList<>();
        try (CommittedTopicReader<Forecast> forecasts = new CommittedTopicReader<>(brokers, "forecasts", Forecast.class)) {
          int firstHalf = SENSORS * (WINDOWS / 2 - 1); // the last window is still open
          committed.addAll(forecasts.read(firstHalf, CATCH_UP));
          assertThat(committed).as("forecasts after the broker came back").hasSize(firstHalf);

          ExactSensorStream.produce(brokers, WINDOWS / 2, WINDOWS);
          // mid-stream: the readings just sent are being processed, their transactions open
          assertThat(proxy.cut()).as("the job's clients were connected through the proxy").isPositive();
          Thread.sleep(OUTAGE.toMillis());
          assertThat(job.failure()).as("the job waits for the broker").isEmpty();
          proxy.restore();
          ExactSensorStream.produce(brokers, WINDOWS + 5, WINDOWS + 6); // closes every window up to WINDOWS - 1

          committed.addAll(forecasts.read(SENSORS * WINDOWS - committed.size(), CATCH_UP));
          job.stopWithSavepoint(state.resolve("savepoints"), Duration.ofSeconds(60));
          committed.addAll(forecasts.readRest());
        }
        ExactSensorStream.assertFailureFreeRun(committed, WINDOWS);
      }
    }
  }
}
