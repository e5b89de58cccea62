package io.flowcast.flink.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.cli.DurationConverter;
import io.flowcast.model.cli.FlowcastCommand;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.WeightFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: replays a fresh simulated fleet, anomalies included, through a forecasting model
 * ({@link ForecastEvaluator}) and prints one line of JSON: mean absolute error of the one-step
 * forecasts against persistence, and injected, detected and flagged anomalies.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate a forecasting model on a simulated sensor fleet with injected anomalies.")
public final class EvaluateCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec private CommandSpec spec;

  @Option(
      names = "--weights",
      required = true,
      description = "Safetensors file written by train.")
  private Path weights;

  @Option(
      names = "--sensors",
      defaultValue = "64",
      description = "Simulated sensors (default: ${DEFAULT-VALUE}).")
  private int sensors;

  @Option(
      names = "--days",
      defaultValue = "3",
      description = "Days of event time replayed (default: ${DEFAULT-VALUE}).")
  private int days;

  @Option(
      names = "--seed",
      defaultValue = "11",
      description = "Seed of the fleet (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--window",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Window length the model was trained for (default: ${DEFAULT-VALUE}).")
  private Duration window;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("weights", weights.toString());
      json.putAll(DemoEvaluation.run(ModelFiles.read(weights), sensors, days, seed, window));
      spec.commandLine().getOut().println(JSON.writeValueAsString(json));
      return 0;
    } catch (NoSuchFileException e) {
      err.println("flowcast: no such file: " + e.getFile());
    } catch (WeightFileException | IllegalArgumentException e) {
      err.println("flowcast: " + e.getMessage());
    } catch (JsonProcessingException e) {
      err.println("flowcast: cannot print the evaluation: " + e.getOriginalMessage());
    } catch (IOException e) {
      err.println("flowcast: cannot read " + weights + ": " + e.getMessage());
    }
    return FlowcastCommand.EXIT_BAD_INPUT;
  }
}
