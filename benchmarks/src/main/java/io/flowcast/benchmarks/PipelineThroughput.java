package io.flowcast.benchmarks;

import io.flowcast.flink.job.FineTuneMode;
import io.flowcast.flink.job.ForecastOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end throughput of the forecasting pipeline on a local MiniCluster: generated readings ->
 * windows -> forecasting stage -> discarding sink, with the LSTM ForecastOperator and with an
 * identity (persistence) stage in the same process, runs interleaved, after one discarded warm-up
 * run of each. Prints a row per run, the ROBUST line (median of the ratios of adjacent runs, and
 * forecasts per CPU-second, which a shared machine's load barely moves) and, last, the PIPELINE
 * line of medians (see docs/BENCHMARKS.md). With {@code --finetune} the two variants are the LSTM
 * stage with fine-tuning off and on ({@link PipelineVariant#LSTM_FINETUNE}), and the last line is
 * the FINETUNE line: latency p50/p99 off and on, their p99 ratio, the throughput ratio on/off and
 * the fine-tuning rounds that ran.
 */
@Command(name = "pipeline-throughput", mixinStandardHelpOptions = true,
    description = "Forecasts/s and window-close-to-sink latency, LSTM vs identity (or fine-tuning off vs on), "
        + "same run.")
public final class PipelineThroughput implements Callable<Integer> {
  @Mixin PlanOptions input = new PlanOptions(10_000, 300);

  @Option(names = "--repetitions", description = "Measured runs per variant (default: ${DEFAULT-VALUE}).")
  int repetitions = 5;

  @Mixin ModelOptions model = new ModelOptions();

  @Option(names = "--finetune", description = "Compare the LSTM stage with fine-tuning off and on (finetune.mode "
      + "train, the job's finetune.* defaults, every round published) instead of LSTM and identity.")
  boolean finetune;

  @Option(names = "--finetune-round-interval-ms", description = "finetune.round-interval with --finetune, ms "
      + "(default: ${DEFAULT-VALUE}; rounds are due after finetune.round-samples new samples or this long).")
  long roundIntervalMillis = 5_000;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineThroughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (finetune) {
      Path checkpoints = Files.createTempDirectory("pipeline-throughput-checkpoints");
      try {
        return compareFineTuning(checkpoints);
      } finally {
        Directories.deleteRecursively(checkpoints);
      }
    }
    ReadingPlan plan = input.plan();
    PipelineJob job = new PipelineJob(plan, model.forecasting());
    printHeader(plan);
    for (PipelineVariant variant : List.of(PipelineVariant.LSTM, PipelineVariant.IDENTITY)) {
      print("warm-up", job.run(variant));
    }
    List<PipelineRun> lstm = new ArrayList<>();
    List<PipelineRun> identity = new ArrayList<>();
    for (int repetition = 1; repetition <= repetitions; repetition++) {
      lstm.add(print(Integer.toString(repetition), job.run(PipelineVariant.LSTM)));
      identity.add(print(Integer.toString(repetition), job.run(PipelineVariant.IDENTITY)));
    }
    double[] pairRatios = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      pairRatios[i] = lstm.get(i).forecastsPerSecond() / identity.get(i).forecastsPerSecond();
    }
    double lstmCpuRate = median(lstm, PipelineRun::forecastsPerCpuSecond);
    double identityCpuRate = median(identity, PipelineRun::forecastsPerCpuSecond);
    System.out.printf(Locale.ROOT, "ROBUST pair_ratio_median=%.3f lstm_forecasts_per_cpu_s=%.0f"
            + " identity_forecasts_per_cpu_s=%.0f cpu_ratio=%.3f%n",
        Median.of(pairRatios), lstmCpuRate, identityCpuRate, lstmCpuRate / identityCpuRate);
    double lstmRate = median(lstm, PipelineRun::forecastsPerSecond);
    double identityRate = median(identity, PipelineRun::forecastsPerSecond);
    System.out.printf(Locale.ROOT, "PIPELINE lstm_forecasts_per_s=%.0f identity_forecasts_per_s=%.0f ratio=%.3f"
            + " lstm_p50_ms=%.0f lstm_p99_ms=%.0f identity_p50_ms=%.0f identity_p99_ms=%.0f%n",
        lstmRate, identityRate, lstmRate / identityRate,
        median(lstm, PipelineRun::p50Millis), median(lstm, PipelineRun::p99Millis),
        median(identity, PipelineRun::p50Millis), median(identity, PipelineRun::p99Millis));
    return 0;
  }

  /**
   * LSTM with fine-tuning off and on, interleaved after a warm-up run of each; prints the FINETUNE
   * line last.
   */
  private int compareFineTuning(Path checkpoints) throws Exception {
    ReadingPlan plan = input.plan();
    Configuration config = model.forecasting();
    config.set(ForecastOptions.FINETUNE_MODE, FineTuneMode.TRAIN);
    config.set(ForecastOptions.FINETUNE_CHECKPOINT_DIR, checkpoints.toUri().toString());
    config.set(ForecastOptions.FINETUNE_ROUND_INTERVAL, Duration.ofMillis(roundIntervalMillis));
    // every round's candidate is published: the checkpoint file is written each time
    config.set(ForecastOptions.FINETUNE_TOLERANCE, 1e9);
    PipelineJob job = new PipelineJob(plan, config);
    printHeader(plan);
    System.out.printf(Locale.ROOT, "fine-tuning: sequence %d + burn-in %d, at most %.0f samples/s, min %d samples,"
            + " rounds after %d samples or %d ms, batch %d, %d epoch(s), buffer %d%n",
        config.get(ForecastOptions.FINETUNE_SEQUENCE_LENGTH), config.get(ForecastOptions.FINETUNE_BURN_IN),
        config.get(ForecastOptions.FINETUNE_MAX_SAMPLES_PER_SECOND), config.get(ForecastOptions.FINETUNE_MIN_SAMPLES),
        config.get(ForecastOptions.FINETUNE_ROUND_SAMPLES), roundIntervalMillis,
        config.get(ForecastOptions.FINETUNE_BATCH_SIZE), config.get(ForecastOptions.FINETUNE_EPOCHS),
        config.get(ForecastOptions.FINETUNE_BUFFER_SIZE));
    print("warm-up", job.run(PipelineVariant.LSTM));
    print("warm-up", job.run(PipelineVariant.LSTM_FINETUNE));
    List<PipelineRun> off = new ArrayList<>();
    List<PipelineRun> on = new ArrayList<>();
    for (int repetition = 1; repetition <= repetitions; repetition++) {
      off.add(print(Integer.toString(repetition), job.run(PipelineVariant.LSTM)));
      on.add(print(Integer.toString(repetition), job.run(PipelineVariant.LSTM_FINETUNE)));
    }
    double[] pairRatios = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      pairRatios[i] = on.get(i).forecastsPerSecond() / off.get(i).forecastsPerSecond();
    }
    double offP99 = median(off, PipelineRun::p99Millis);
    double onP99 = median(on, PipelineRun::p99Millis);
    System.out.printf(Locale.ROOT, "FINETUNE off_p50_ms=%.0f off_p99_ms=%.0f on_p50_ms=%.0f on_p99_ms=%.0f"
            + " p99_ratio=%.3f off_forecasts_per_s=%.0f on_forecasts_per_s=%.0f throughput_ratio=%.3f"
            + " pair_ratio_median=%.3f rounds_median=%.0f rounds_min=%d%n",
        median(off, PipelineRun::p50Millis), offP99, median(on, PipelineRun::p50Millis), onP99, onP99 / offP99,
        median(off, PipelineRun::forecastsPerSecond), median(on, PipelineRun::forecastsPerSecond),
        median(on, PipelineRun::forecastsPerSecond) / median(off, PipelineRun::forecastsPerSecond),
        Median.of(pairRatios), median(on, PipelineRun::fineTuneRounds),
        on.stream().mapToLong(PipelineRun::fineTuneRounds).min().orElse(0));
    return 0;
  }

  private void printHeader(ReadingPlan plan) {
    System.out.printf(Locale.ROOT, "%s; %s%n", plan.describe(), model.describe());
    System.out.println("run      variant   forecasts  active_s  wall_s   cpu_s  stage_cpu_s  forecasts/s  forecasts/cpu_s"
        + "  p50_ms  p99_ms  rounds");
  }

  private static PipelineRun print(String repetition, PipelineRun run) {
    System.out.printf(Locale.ROOT, "%-8s %-9s %9d %9.2f %7.2f %7.2f %12.2f %12.0f %16.0f %7d %7d %7d%n", repetition,
        run.variant().label(), run.forecasts(), run.activeMillis() / 1000.0, run.wallMillis() / 1000.0,
        run.cpuMillis() / 1000.0, run.stageCpuMillis() / 1000.0, run.forecastsPerSecond(), run.forecastsPerCpuSecond(), run.p50Millis(),
        run.p99Millis(), run.fineTuneRounds());
    return run;
  }

  private static double median(List<PipelineRun> runs, ToDoubleFunction<PipelineRun> figure) {
    return Median.of(runs.stream().mapToDouble(figure).toArray());
  }
}
