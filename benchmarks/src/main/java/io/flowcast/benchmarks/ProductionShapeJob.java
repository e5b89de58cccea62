package io.flowcast.benchmarks;

import io.flowcast.flink.ingest.Reading;
import io.flowcast.flink.ingest.ReadingDeserializationSchema;
import io.flowcast.flink.job.ForecastJob;
import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.job.ReadingsSource;
import io.flowcast.flink.job.StartingOffsets;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.schemas.DeadLetter;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * One run of the production-shape benchmark on a fresh local MiniCluster: the Flowcast job as
 * {@link ForecastJob#build} wires it for {@code flowcast job} and {@code flink run} (Kafka readings
 * source, decoding and dead letters, per-sensor windows, the forecasting stage, exactly-once Kafka
 * sinks of forecasts, anomalies and dead letters) over the pre-filled readings topic, bounded at
 * its end offsets, on RocksDB with incremental checkpoints. The {@link PipelineVariant#LSTM} run
 * is the job itself; the {@link PipelineVariant#IDENTITY} run is the same job with the
 * {@link PersistenceForecaster} in place of the ForecastOperator. Each run writes to topics of its
 * own and reads the readings from the start with a consumer group of its own.
 *
 * <p>The MiniCluster's TaskManager has the managed memory it is given (Flink's default
 * TaskManager has 512 MB of its 1728 MB process size), which RocksDB's block cache and write
 * buffers share, and its REST API on a free loopback port, which {@link JobMonitor} polls for checkpoints and task states.
 */
final class ProductionShapeJob {
  private static final long POLL_MILLIS = 250;

  private final EmbeddedKafka kafka;
  private final String name;
  private final ReadingPlan plan;
  private final Configuration forecasting;
  private final Duration checkpointInterval;
  private final Configuration cluster;
  private final Path checkpoints;

  /**
   * @param kafka the broker
   * @param name the prefix of the runs' topics, e.g. {@code warm-up}: {@code <name>-readings} and
   *     {@code <name>-forecasts-<variant>} ...
   * @param plan the readings; its {@code parts} is the job's parallelism
   * @param forecasting the job's forecasting options ({@link ForecastOptions})
   * @param checkpointInterval the job's {@code checkpoint.interval}
   * @param cluster settings of the MiniCluster on top of the benchmark's own (the TaskManager's
   *     managed memory, RocksDB's options ...)
   * @param checkpoints where each run's checkpoints go (a directory per variant)
   */
  ProductionShapeJob(EmbeddedKafka kafka, String name, ReadingPlan plan, Configuration forecasting,
      Duration checkpointInterval, Configuration cluster, Path checkpoints) {
    if (plan.windows() < 3) {
      throw new IllegalArgumentException("the steady part needs at least 3 windows, got " + plan.windows());
    }
    this.kafka = kafka;
    this.name = name;
    this.plan = plan;
    this.forecasting = forecasting;
    this.checkpointInterval = checkpointInterval;
    this.cluster = cluster;
    this.checkpoints = checkpoints;
  }

  /** Creates the runs' readings topic and fills it with the plan's readings ({@link ReadingsTopic}). */
  void fillReadings() {
    kafka.createTopics(plan.parts(), readingsTopic());
    ReadingsTopic.fill(kafka.bootstrapServers(), readingsTopic(), plan);
  }

  /**
   * Runs {@code variant} over every reading of the filled topic, failing once halfway through the
   * last window's readings ({@link FailingReadingDeserializer}), and returns what it measured.
   */
  ProductionShapeRun run(PipelineVariant variant) throws Exception {
    long failAfter = plan.readings() - plan.readings() / plan.windows() / 2;
    Configuration config = jobConfiguration(variant);
    String forecasts = config.get(ForecastOptions.FORECASTS_TOPIC);
    kafka.createTopics(plan.parts(), forecasts, config.get(ForecastOptions.ANOMALIES_TOPIC),
        config.get(ForecastOptions.DEAD_LETTERS_TOPIC));
    int restPort = freePort();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(plan.parts(), clusterConfiguration(variant, restPort));
    KafkaSource<Either<DeadLetter, Reading>> source = ReadingsSource.builder(config)
        .setBounded(OffsetsInitializer.latest())
        .setDeserializer(new FailingReadingDeserializer(
            new ReadingDeserializationSchema(config.get(ForecastOptions.INGEST_MAX_FUTURE_SKEW)), failAfter))
        .build();
    if (variant == PipelineVariant.LSTM) {
      ForecastJob.build(env, config, source);
    } else {
      ForecastJob.build(env, config, source, windows -> variant.attach(windows, config));
    }

    FailingReadingDeserializer.reset();
    long start = System.currentTimeMillis();
    List<CompletedCheckpoint> completed;
    OptionalLong runningAgain = OptionalLong.empty();
    TopicProgress.Sample firstWindowOut;
    TopicProgress.Sample steadyOut;
    try (TopicProgress progress = new TopicProgress(kafka.bootstrapServers(), forecasts, POLL_MILLIS)) {
      JobClient client = env.executeAsync("production shape, " + name + ": " + variant.label());
      try (JobMonitor monitor = new JobMonitor("http://127.0.0.1:" + restPort, client.getJobID(), POLL_MILLIS)) {
        client.getJobExecutionResult().get();
        completed = monitor.checkpoints();
        OptionalLong failedAt = FailingReadingDeserializer.failedAt();
        if (failedAt.isPresent()) {
          runningAgain = monitor.runningAgainAfter(failedAt.getAsLong());
        }
      }
      firstWindowOut = progress.firstReached(plan.sensors()).orElseThrow();
      steadyOut = progress.firstReached((long) (plan.windows() - 1) * plan.sensors()).orElseThrow();
    }
    long wall = System.currentTimeMillis() - start;
    return new ProductionShapeRun(variant, plan.sensors(), (long) (plan.windows() - 2) * plan.sensors(),
        steadyOut.millis() - firstWindowOut.millis(), (steadyOut.cpuNanos() - firstWindowOut.cpuNanos()) / 1_000_000,
        CommittedRecords.count(kafka.bootstrapServers(), forecasts), plan.windowCount(), completed,
        FailingReadingDeserializer.failedAt(), runningAgain, wall);
  }

  private String readingsTopic() {
    return name + "-readings";
  }

  private Configuration jobConfiguration(PipelineVariant variant) {
    Configuration config = new Configuration(forecasting);
    String run = name + "-" + variant.label();
    config.set(ForecastOptions.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    config.set(ForecastOptions.READINGS_TOPIC, readingsTopic());
    config.set(ForecastOptions.FORECASTS_TOPIC, name + "-forecasts-" + variant.label());
    config.set(ForecastOptions.ANOMALIES_TOPIC, name + "-anomalies-" + variant.label());
    config.set(ForecastOptions.DEAD_LETTERS_TOPIC, name + "-dead-letters-" + variant.label());
    config.set(ForecastOptions.KAFKA_GROUP_ID, run);
    config.set(ForecastOptions.SINK_TRANSACTIONAL_ID_PREFIX, run);
    config.set(ForecastOptions.SOURCE_STARTING_OFFSETS, StartingOffsets.EARLIEST);
    config.set(ForecastOptions.WINDOW_SIZE, Duration.ofMillis(plan.windowMillis()));
    config.set(ForecastOptions.CHECKPOINT_INTERVAL, checkpointInterval);
    return config;
  }

  /**
   * RocksDB and incremental checkpoints, then the cluster settings given, then what the benchmark
   * reads its figures through, which those settings cannot move: the checkpoint directory and REST
   * on {@code restPort} with the checkpoint history the monitor reads.
   */
  private Configuration clusterConfiguration(PipelineVariant variant, int restPort) {
    Configuration flink = new Configuration();
    flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    flink.addAll(cluster);
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        checkpoints.resolve(name + "-" + variant.label()).toUri().toString());
    flink.set(RestOptions.ADDRESS, "127.0.0.1");
    flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    flink.set(RestOptions.PORT, restPort);
    flink.set(RestOptions.BIND_PORT, Integer.toString(restPort));
    flink.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 1000);
    return flink;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
