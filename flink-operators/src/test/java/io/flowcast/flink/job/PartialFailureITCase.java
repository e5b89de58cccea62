package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.schemas.Forecast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One of two TaskManagers lost mid-stream, at parallelism 2 with one slot each, so that each
 * TaskManager runs one parallel instance of every operator and the keyed exchanges between them
 * go over the network: the job restarts from its last checkpoint on the survivor and a new
 * TaskManager, and its committed (read_committed) forecasts are exactly those of a failure-free run
 * ({@link ExactSensorStream}), bit for bit. The TaskManager goes while forecasts of the second half
 * sit in a transaction that is still open.
 */
class PartialFailureITCase {
  private static final int WINDOWS = 16;
  private static final int HALF = WINDOWS / 2;
  private static final int SENSORS = ExactSensorStream.SENSORS;
  private static final Duration TIMEOUT = Duration.ofSeconds(150);

  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(() -> new MiniClusterResourceConfiguration.Builder()
      .setConfiguration(METRICS.addToConfiguration(new Configuration()))
      .setNumberTaskManagers(2)
      .setNumberSlotsPerTaskManager(1)
      .build());

  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS) // above the three waits of TIMEOUT, so that theirs is the message
  void oneOfTwoTaskManagersLostMidStreamLosesAndDuplicatesNothing(@InjectMiniCluster MiniCluster cluster)
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics("readings", "forecasts", "anomalies", "dead-letters");
      String brokers = kafka.bootstrapServers();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      ForecastJob.build(env, CommandLineConfiguration.parse(
          ExactSensorStream.jobArguments(brokers).toArray(String[]::new)));
      JobClient job = env.executeAsync("partial-failure-it");

      List<Forecast> committed = new ArrayList<>();
      try (CommittedTopicReader<Forecast> forecasts = new CommittedTopicReader<>(brokers, "forecasts", Forecast.class)) {
        ExactSensorStream.produce(brokers, 0, HALF);
        committed.addAll(forecasts.read(SENSORS * (HALF - 1), TIMEOUT)); // committed: a checkpoint holds them
        assertThat(committed).hasSize(SENSORS * (HALF - 1));

        ExactSensorStream.produce(brokers, HALF, WINDOWS);
        OpenTransactions.await(brokers, "forecasts", TIMEOUT, () -> "restarts so far: " + restarts(job.getJobID()));
        assertThat(restarts(job.getJobID())).isZero();
        cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
        cluster.startTaskManager();
        ExactSensorStream.produce(brokers, WINDOWS + 5, WINDOWS + 6); // closes every window up to WINDOWS - 1

        committed.addAll(forecasts.read(SENSORS * WINDOWS - committed.size(), TIMEOUT));
        assertThat(restarts(job.getJobID())).as("restarts after the TaskManager was lost").isPositive();
        job.cancel().get(30, TimeUnit.SECONDS);
        committed.addAll(forecasts.readRest());
      }
      ExactSensorStream.assertFailureFreeRun(committed, WINDOWS);
    }
  }

  private static long restarts(JobID job) {
    return METRICS.findMetrics(job, "numRestarts$").values().stream()
        .mapToLong(metric -> ((Number) ((Gauge<?>) metric).getValue()).longValue()).max().orElse(0);
  }
}
