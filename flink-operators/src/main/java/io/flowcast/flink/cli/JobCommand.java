package io.flowcast.flink.cli;

import io.flowcast.flink.job.CommandLineConfiguration;
import io.flowcast.flink.job.EmbeddedForecastJob;
import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.model.cli.FlowcastCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
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
 * existing Kafka. Every argument other than {@code --parallelism} goes to
 * {@link CommandLineConfiguration} ({@link ForecastOptions}); the job runs until it fails or the
 * process is stopped.
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
    try (EmbeddedForecastJob job = EmbeddedForecastJob.start(config, parallelism)) {
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
