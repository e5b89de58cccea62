package io.flowcast.flink.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flowcast job ({@link ForecastJob#build}) running on an in-process Flink mini cluster, for
 * {@code flowcast job} and the demo. The mini cluster's endpoints (REST, blob server, TaskManager
 * services) listen on the loopback address unless the Flink settings given say otherwise
 * ({@link #LOOPBACK}); Flink's own default is every interface. Closing it cancels the job and
 * waits until it has stopped; the mini cluster goes with it.
 */
public final class EmbeddedForecastJob implements AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  /** The address every endpoint of the mini cluster listens on by default. */
  static final String LOOPBACK = "127.0.0.1";

  private final JobClient client;

  private EmbeddedForecastJob(JobClient client) {
    this.client = client;
  }

  /**
   * Builds the job from {@code config} ({@link ForecastOptions}) on a local environment of
   * {@code parallelism} and submits it.
   *
   * @throws IllegalArgumentException if the configuration does not make a job (e.g. an unknown cell)
   * @throws Exception if the mini cluster does not start or refuses the job
   */
  public static EmbeddedForecastJob start(Configuration config, int parallelism) throws Exception {
    return start(config, parallelism, new Configuration());
  }

  /**
   * As {@link #start(Configuration, int)}, with Flink settings for the mini cluster and the job
   * (for example {@link JobStateDirectory#flinkConfiguration}: where checkpoints go and what to
   * restore from).
   */
  public static EmbeddedForecastJob start(Configuration config, int parallelism, Configuration flink)
      throws Exception {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, onLoopback(flink));
    ForecastJob.build(env, config);
    return new EmbeddedForecastJob(env.executeAsync(config.get(ForecastOptions.JOB_NAME)));
  }

  /** {@code flink} with every bind address it leaves unset on {@link #LOOPBACK}. */
  static Configuration onLoopback(Configuration flink) {
    Configuration bound = new Configuration(flink);
    for (ConfigOption<String> option : List.of(RestOptions.BIND_ADDRESS, RestOptions.ADDRESS,
        JobManagerOptions.BIND_HOST, TaskManagerOptions.BIND_HOST, TaskManagerOptions.HOST)) {
      if (!flink.contains(option)) {
        bound.set(option, LOOPBACK);
      }
    }
    return bound;
  }

  /**
   * Blocks until the job ends (the readings source never ends, so: until it fails or is cancelled).
   *
   * @throws ExecutionException with the job's failure as the cause
   */
  public void awaitTermination() throws ExecutionException, InterruptedException {
    client.getJobExecutionResult().get();
  }

  /** Completes when the job ends, however it ends. */
  public CompletableFuture<JobExecutionResult> termination() {
    return client.getJobExecutionResult();
  }

  /** Why the job ended, if it has ended with a failure; empty while it runs. */
  public Optional<Throwable> failure() {
    CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
    if (!result.isCompletedExceptionally()) {
      return Optional.empty();
    }
    try {
      result.join();
      return Optional.empty();
    } catch (CancellationException | CompletionException e) {
      return Optional.of(e.getCause() == null ? e : e.getCause());
    }
  }

  /**
   * Stops the job with a savepoint in {@code directory}: every sink commits its last transaction,
   * so nothing is left open for read-committed readers, and a later run restores from it.
   *
   * @return the savepoint's path
   */
  public String stopWithSavepoint(Path directory, Duration timeout) throws Exception {
    String path = client.stopWithSavepoint(false, directory.toUri().toString(), SavepointFormatType.CANONICAL)
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    client.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return path;
  }

  /** Cancels the job unless it has ended already, and waits until it has stopped. */
  @Override
  public void close() throws InterruptedException, TimeoutException {
    CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
    if (result.isDone()) {
      return;
    }
    try {
      client.cancel().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      result.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CancellationException e) {
      // Cancelled: the job's result reports the cancellation as its failure.
    }
  }
}
