package io.flowcast.flink.cli;

import io.flowcast.flink.job.CommandLineConfiguration;
import io.flowcast.flink.job.EmbeddedForecastJob;
import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.job.JobStateDirectory;
import io.flowcast.model.cli.DurationConverter;
import io.flowcast.model.cli.FlowcastCommand;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ExceptionUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code flowcast job --kafka.bootstrap-servers host:9092 [--key value ...]}: what
 * {@code flink run} of the job JAR does, on an in-process Flink instead of a cluster, against an
 * existing Kafka, with the same exactly-once guarantee across its own restarts. Every argument
 * other than the command's own options goes to {@link CommandLineConfiguration} ({@link
 * ForecastOptions}).
 *
 * <p>Its checkpoints are kept in {@code --state-dir} ({@link JobStateDirectory}); a start resumes
 * from the newest completed checkpoint or savepoint there (or from {@code --from-savepoint}), so
 * per-sensor state, window contents, source offsets and the fine-tuner's state carry over.
 * SIGTERM or Ctrl-C stops the job with a savepoint, which commits every sink's open transaction,
 * and exits 0; a process killed outright resumes from its last completed checkpoint, and the
 * transactions it left open are aborted by the next start.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
        "Run the forecasting job on an in-process Flink against an existing Kafka, until stopped.",
        "Job options: --key value (or --key=value) for every key of the job's configuration, e.g. "
            + "--kafka.bootstrap-servers host:9092 --window.size '5 min' --model.path m.safetensors."})
final class JobCommand implements Callable<Integer> {
  /** Exit code when the job fails. */
  static final int EXIT_JOB_FAILED = 1;

  @Spec private CommandSpec spec;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallelism of the job's operators (default: ${DEFAULT-VALUE}).")
  private int parallelism;

  @Option(
      names = "--state-dir",
      defaultValue = "flowcast-state",
      description = "Directory of the job's checkpoints and savepoints; a start resumes from the newest one "
          + "(default: ${DEFAULT-VALUE}).")
  private Path stateDir;

  @Option(
      names = "--from-savepoint",
      description = "Resume from this savepoint or retained checkpoint instead of the newest in --state-dir.")
  private Path fromSavepoint;

  @Option(
      names = "--allow-non-restored-state",
      description = "Resume even if the restored state holds operators the job no longer has (for example after "
          + "turning finetune.mode train or ingest.drop-duplicates off), dropping their state.")
  private boolean allowNonRestoredState;

  @Option(
      names = "--stop-timeout",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description = "How long SIGTERM / Ctrl-C waits for the stop-with-savepoint (default: 2 min).")
  private Duration stopTimeout;

  @Unmatched private List<String> jobOptions = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Configuration config;
    try {
      config = CommandLineConfiguration.parse(jobOptions.toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      err.println("flowcast: " + e.getMessage());
      return FlowcastCommand.EXIT_BAD_INPUT;
    }
    JobStateDirectory state = new JobStateDirectory(stateDir);
    Optional<Path> restoreFrom;
    try {
      restoreFrom = fromSavepoint != null ? Optional.of(fromSavepoint) : state.latestRestorePoint();
    } catch (UncheckedIOException e) {
      err.println("flowcast: " + e.getMessage() + ": " + e.getCause().getMessage());
      return FlowcastCommand.EXIT_BAD_INPUT;
    }
    CompletableFuture<String> stop = StopSignals.install();
    try (EmbeddedForecastJob job = EmbeddedForecastJob.start(config, parallelism, state.flinkConfiguration(restoreFrom, allowNonRestoredState))) {
      err.println(restoreFrom.map(path -> "flowcast: resumed from " + path)
          .orElse("flowcast: started afresh; checkpoints go to " + state.root()));
      err.flush();
      CompletableFuture.anyOf(stop, job.termination()).get();
      if (stop.isDone() && !job.termination().isDone()) {
        String savepoint = job.stopWithSavepoint(state.savepoints(), stopTimeout);
        err.println("flowcast: " + stop.get() + ": stopped with savepoint " + savepoint);
        return 0;
      }
      job.awaitTermination();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("flowcast: " + e.getMessage());
      return FlowcastCommand.EXIT_BAD_INPUT;
    } catch (ExecutionException e) {
      err.println("flowcast: the job failed: " + ExceptionUtils.stringifyException(e.getCause()));
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      err.println("flowcast: could not run the job: " + e.getMessage());
    }
    return EXIT_JOB_FAILED;
  }
}
