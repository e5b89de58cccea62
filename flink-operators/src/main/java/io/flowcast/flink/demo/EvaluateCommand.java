package io.flowcast.flink.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.flink.job.CommandLineConfiguration;
import io.flowcast.model.cli.DurationConverter;
import io.flowcast.model.cli.FlowcastCommand;
import io.flowcast.model.cli.PretrainingOptions;
import io.flowcast.model.history.HistoryFormatException;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.WeightFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code evaluate}: measures a forecasting model through the job's per-sensor code.
 *
 * <ul>
 *   <li>{@code --data PATH --out DIR}: replays recorded CSV files ({@link RecordedEvaluationRun}),
 *       writes one result CSV per data file, a summary JSON, and a last stdout line
 *       {@code EVAL files=... rows=... mse=... mae=... mse_persistence=... mae_persistence=...
 *       coverage=... seconds=...}. The job's own options ({@code --forecast.horizon 1},
 *       {@code --finetune.mode train}, ...) configure it as they configure the job.
 *   <li>{@code --weights M}: replays a fresh simulated fleet, anomalies included ({@link
 *       ForecastEvaluator}), and prints one line of JSON: mean absolute error of the one-step
 *       forecasts against persistence, and injected, detected and flagged anomalies.
 * </ul>
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Evaluate forecasts and anomaly scores on recorded CSV files (--data, --out), or a model on a"
            + " simulated sensor fleet with injected anomalies (--weights only).",
        "Any job option (--forecast.horizon 1, --finetune.mode train, ...) configures the replay as it"
            + " configures the job."})
public final class EvaluateCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  // ---- recorded data ----
  @Option(names = "--data", description = "A CSV file, or a directory of *.csv files (recursively): a time"
      + " column and one value column per sensor (NAB's timestamp,value, or wide files).")
  private Path data;

  @Option(names = "--out", description = "Directory of the results: one CSV per data file at the same"
      + " relative path, and summary.json.")
  private Path out;

  @Option(names = "--pretrain-fraction", defaultValue = "0",
      description = "Leading share of each file's rows that pre-trains the model (the train path);"
          + " 0 = start from --weights or a fresh model (default: ${DEFAULT-VALUE}).")
  private double pretrainFraction;

  @Option(names = "--validation-fraction", defaultValue = "0",
      description = "Share of each file's rows after the pre-training part that validates it"
          + " (default: ${DEFAULT-VALUE}).")
  private double validationFraction;

  @Option(names = "--rows", defaultValue = "0", description = "Only the first N rows of each file; 0 = all"
      + " (default: ${DEFAULT-VALUE}).")
  private int rows;

  @Option(names = "--time-column", description = "Column of the timestamps (default: the first column).")
  private String timeColumn;

  @Option(names = "--labels", description = "Labelled anomaly windows, NAB's combined_windows.json, drawn in"
      + " the plots.")
  private Path labels;

  @Option(names = "--plot", split = ",", paramLabel = "FILE",
      description = "Data files (relative paths) to plot as PNG next to their results.")
  private List<String> plots = new ArrayList<>();

  @Mixin private PretrainingOptions pretraining;

  // ---- both ----
  @Option(names = "--weights", description = "Safetensors model: the model to start from (--data), or the"
      + " model evaluated on the simulated fleet.")
  private Path weights;

  @Option(names = "--window", converter = DurationConverter.class,
      description = "Window length (default: the data's sampling interval; 5m on the simulated fleet).")
  private Duration window;

  // ---- simulated fleet ----
  @Option(names = "--sensors", defaultValue = "64", description = "Simulated sensors (default: ${DEFAULT-VALUE}).")
  private int sensors;

  @Option(names = "--days", defaultValue = "3", description = "Days of event time replayed (default: ${DEFAULT-VALUE}).")
  private int days;

  @Option(names = "--fleet-seed", defaultValue = "11", description = "Seed of the fleet (default: ${DEFAULT-VALUE}).")
  private long fleetSeed;

  @Unmatched private List<String> jobOptions = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (data != null) {
        if (out == null) {
          throw new IllegalArgumentException("--data needs --out DIR");
        }
        RecordedEvaluationRun run = new RecordedEvaluationRun(data, out, pretrainFraction, validationFraction, rows,
            timeColumn, window, weights, pretraining.settings(), labels, plots,
            CommandLineConfiguration.parse(jobOptions.toArray(String[]::new)));
        spec.commandLine().getOut().println(run.run(err));
        return 0;
      }
      if (weights == null) {
        throw new IllegalArgumentException("give --data PATH --out DIR, or --weights M for the simulated fleet");
      }
      if (!jobOptions.isEmpty()) {
        throw new IllegalArgumentException("unknown options on the simulated fleet: " + jobOptions);
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("weights", weights.toString());
      json.putAll(DemoEvaluation.run(ModelFiles.read(weights), sensors, days, fleetSeed,
          window == null ? Duration.ofMinutes(5) : window));
      spec.commandLine().getOut().println(JSON.writeValueAsString(json));
      return 0;
    } catch (NoSuchFileException e) {
      err.println("flowcast: no such file: " + e.getFile());
    } catch (HistoryFormatException | WeightFileException | IllegalArgumentException e) {
      err.println("flowcast: " + e.getMessage());
    } catch (JsonProcessingException e) {
      err.println("flowcast: cannot print the evaluation: " + e.getOriginalMessage());
    } catch (IOException e) {
      err.println("flowcast: " + e.getMessage());
    }
    return FlowcastCommand.EXIT_BAD_INPUT;
  }
}
