package io.flowcast.benchmarks;

import io.flowcast.flink.forecast.ForecastOperatorConfig;
import io.flowcast.flink.forecast.SensorStateSerializer;
import io.flowcast.flink.job.ForecastStage;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.model.forecast.StateShape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The job in its production shape against the identity pipeline of the same shape, in one process:
 * an in-process Kafka broker ({@link EmbeddedKafka}) whose readings topic is filled first
 * ({@link ReadingsTopic}), then one run of each variant ({@link ProductionShapeJob}: Kafka source,
 * exactly-once Kafka sinks, RocksDB with incremental checkpoints), identity first unless
 * {@code --lstm-first}, after warm-up runs of both on a small topic of their own (the first run
 * in a cold JVM is slower by a fifth to a third). Each run fails
 * once, halfway through the last window's readings, and restarts from its last checkpoint.
 * Prints a row per run and, last, the PRODUCTION_SHAPE line (see docs/BENCHMARKS.md).
 */
@Command(name = "production-shape", mixinStandardHelpOptions = true,
    description = "Forecasts/s of the job with Kafka, exactly-once sinks and RocksDB incremental checkpoints "
        + "against the identity pipeline of the same shape; checkpoint durations and sizes, state bytes per "
        + "sensor, recovery after an injected failure.")
public final class ProductionShape implements Callable<Integer> {
  @Mixin PlanOptions input = new PlanOptions(1_000_000, 4);

  @Option(names = "--checkpoint-interval-ms", description = "Checkpoint interval, ms (default: ${DEFAULT-VALUE}).")
  long checkpointIntervalMillis = 10_000;

  @Option(names = "--managed-memory", description = "Managed memory of the MiniCluster's TaskManager, which"
      + " RocksDB's block cache and write buffers share (default: ${DEFAULT-VALUE}, Flink's default TaskManager's)."
      + " Size it to the state: about 1 KB per sensor for LSTM H=64.")
  String managedMemory = "512m";

  @Option(names = "--flink", paramLabel = "KEY=VALUE", description = "A Flink setting for both variants' cluster,"
      + " e.g. --flink state.backend.rocksdb.compression.per.level=NO_COMPRESSION (repeatable; the REST endpoint and the"
      + " checkpoint directory stay the benchmark's own).")
  Map<String, String> flinkSettings = new TreeMap<>();

  @Option(names = "--warm-up-sensors", description = "Sensors of the warm-up runs of both variants before the "
      + "measured ones, on a topic of their own; 0 for none (default: ${DEFAULT-VALUE}).")
  int warmUpSensors = 20_000;

  @Option(names = "--lstm-first", description = "Run the lstm variant first (default: identity first), to see "
      + "what the order costs: the first run starts in a cold JVM.")
  boolean lstmFirst;

  @Mixin ModelOptions model = new ModelOptions();

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProductionShape()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ReadingPlan plan = input.plan();
    Configuration forecasting = model.forecasting();
    int serializerBytes = serializerBytesPerSensor(forecasting);
    Configuration cluster = Configuration.fromMap(flinkSettings);
    cluster.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(managedMemory));
    Path work = Files.createTempDirectory("production-shape");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      out.printf(Locale.ROOT, "%s; %s; RocksDB, incremental checkpoints every %d ms, managed"
          + " memory %s%s; sensor state %d bytes (serializer)%n", plan.describe(), model.describe(),
          checkpointIntervalMillis, managedMemory, flinkSettings.isEmpty() ? "" : ", " + flinkSettings, serializerBytes);
      Duration interval = Duration.ofMillis(checkpointIntervalMillis);
      List<PipelineVariant> order = lstmFirst
          ? List.of(PipelineVariant.LSTM, PipelineVariant.IDENTITY)
          : List.of(PipelineVariant.IDENTITY, PipelineVariant.LSTM);
      printColumns(out);
      if (warmUpSensors > 0) {
        ReadingPlan warmUpPlan = new ReadingPlan(warmUpSensors, plan.windows(), plan.readingsPerWindow(), plan.parts(),
            plan.windowMillis());
        ProductionShapeJob warmUp = new ProductionShapeJob(kafka, "warm-up", warmUpPlan, forecasting, interval,
            cluster, work);
        warmUp.fillReadings();
        for (PipelineVariant variant : order) {
          print(out, "warm-up", warmUp.run(variant));
        }
      }
      ProductionShapeJob job = new ProductionShapeJob(kafka, "measured", plan, forecasting, interval, cluster,
          work);
      long fillStart = System.currentTimeMillis();
      job.fillReadings();
      double fillSeconds = (System.currentTimeMillis() - fillStart) / 1000.0;
      out.printf(Locale.ROOT, "readings topic filled in %.1f s (%.0f readings/s)%n", fillSeconds,
          plan.readings() / fillSeconds);
      Map<PipelineVariant, ProductionShapeRun> runs = new EnumMap<>(PipelineVariant.class);
      for (PipelineVariant variant : order) {
        runs.put(variant, print(out, "measured", job.run(variant)));
      }
      ProductionShapeRun lstm = runs.get(PipelineVariant.LSTM);
      ProductionShapeRun identity = runs.get(PipelineVariant.IDENTITY);
      out.printf(Locale.ROOT, "PRODUCTION_SHAPE sensors=%d windows=%d readings_per_window=%d"
              + " forecasts_per_s=%.0f identity_per_s=%.0f ratio=%.3f cpu_ratio=%.3f"
              + " checkpoint_ms_median=%.0f checkpoint_ms_max=%d checkpoint_bytes=%.0f state_bytes=%d"
              + " state_bytes_per_sensor=%.0f identity_state_bytes_per_sensor=%.0f serializer_bytes_per_sensor=%d"
              + " recovery_s=%s recovery_running_s=%s identity_recovery_s=%s exactly_once=%b%n",
          plan.sensors(), plan.windows(), plan.readingsPerWindow(),
          lstm.forecastsPerSecond(), identity.forecastsPerSecond(),
          lstm.forecastsPerSecond() / identity.forecastsPerSecond(),
          lstm.forecastsPerCpuSecond() / identity.forecastsPerCpuSecond(),
          lstm.checkpointMillisMedian(), lstm.checkpointMillisMax(), lstm.checkpointedBytesMedian(), lstm.stateBytes(),
          lstm.stateBytesPerSensor(), identity.stateBytesPerSensor(), serializerBytes,
          seconds(lstm.recoveryCommittedSeconds()), seconds(lstm.recoveryRunningSeconds()),
          seconds(identity.recoveryCommittedSeconds()),
          lstm.exactlyOnce() && identity.exactlyOnce());
      out.flush();
      return 0;
    } finally {
      Directories.deleteRecursively(work);
    }
  }

  /**
   * Bytes of one sensor's ForecastOperator state as its serializer writes it (README's table), past
   * the level novelty's warm-up if it is on (during it the state is the warm-up's floats longer).
   */
  private static int serializerBytesPerSensor(Configuration forecasting) throws IOException {
    ForecastOperatorConfig operator = ForecastStage.operatorConfig(forecasting);
    StateShape shape = StateShape.of(operator.model().load(operator.settings()).config(),
        operator.settings().horizon(), 0, operator.settings().corrects(), operator.settings().scoresLevelNovelty());
    return SensorStateSerializer.serializedBytes(shape.layout(operator.settings().levelWarmUpWindows()).warmedUpSize());
  }

  private static void printColumns(PrintWriter out) {
    out.println("run       variant   steady_forecasts  steady_s  cpu_s  forecasts/s  forecasts/cpu_s  committed  expected"
        + "  checkpoints  ckpt_ms_p50  ckpt_ms_max  ckpt_MB_p50  state_MB  state_B/sensor  recovery_running_s"
        + "  recovery_committed_s  wall_s");
    out.flush();
  }

  private static ProductionShapeRun print(PrintWriter out, String phase, ProductionShapeRun run) {
    out.printf(Locale.ROOT, "%-9s %-9s %16d %9.2f %6.1f %12.0f %16.0f %10d %9d %12d %12.0f %12d %12.1f %9.1f %15.0f"
            + " %19s %21s %7.1f%n",
        phase, run.variant().label(), run.steadyForecasts(), run.steadyMillis() / 1000.0,
        run.steadyCpuMillis() / 1000.0, run.forecastsPerSecond(), run.forecastsPerCpuSecond(),
        run.committedForecasts(), run.expectedForecasts(), run.checkpoints().size(), run.checkpointMillisMedian(),
        run.checkpointMillisMax(), run.checkpointedBytesMedian() / 1e6, run.stateBytes() / 1e6,
        run.stateBytesPerSensor(), seconds(run.recoveryRunningSeconds()), seconds(run.recoveryCommittedSeconds()),
        run.wallMillis() / 1000.0);
    out.flush();
    return run;
  }

  private static String seconds(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.1f", value.getAsDouble()) : "n/a";
  }
}
