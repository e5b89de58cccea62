package io.flowcast.flink.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.cli.FlowcastCommand;
import io.flowcast.model.io.DType;
import io.flowcast.model.io.ModelFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: pretrains the demo's forecasting model on a simulated fleet ({@link
 * ModelPretrainer}), writes it as F32 safetensors with its configuration in the metadata, and
 * evaluates the written file on a fresh fleet ({@link ForecastEvaluator}). Progress and the final
 * training loss go to stderr, one line of JSON with the settings, losses and evaluation to stdout.
 * The model encodes windows with {@link DemoSettings#forecast()}, which the job must use too.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Pretrain a forecasting model on a simulated sensor fleet and write it as safetensors.")
public final class TrainCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PROGRESS_EVERY = 50;

  @Spec private CommandSpec spec;

  @Option(
      names = "--cell",
      defaultValue = "lstm",
      converter = CellTypeConverter.class,
      description = "rnn, rnn-relu, lstm, lstm-peephole or gru (default: ${DEFAULT-VALUE}).")
  private CellType cell;

  @Option(
      names = "--hidden",
      defaultValue = "32",
      description = "Hidden units per layer (default: ${DEFAULT-VALUE}).")
  private int hidden;

  @Option(
      names = "--layers",
      defaultValue = "1",
      description = "Stacked layers (default: ${DEFAULT-VALUE}).")
  private int layers;

  @Option(
      names = "--sensors",
      defaultValue = "64",
      description = "Simulated sensors to train on (default: ${DEFAULT-VALUE}).")
  private int sensors;

  @Option(
      names = "--days",
      defaultValue = "14",
      description = "Days of simulated history per sensor (default: ${DEFAULT-VALUE}).")
  private int days;

  @Option(
      names = "--window",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Window length, a multiple of the 10 s reading interval (default: ${DEFAULT-VALUE}).")
  private Duration window;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the fleet, weights and batches (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--steps",
      defaultValue = "300",
      description = "Adam steps (default: ${DEFAULT-VALUE}).")
  private int steps;

  @Option(
      names = "--batch",
      defaultValue = "32",
      description = "Sequences per step (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(
      names = "--slice",
      defaultValue = "64",
      description = "Windows per sequence (default: ${DEFAULT-VALUE}).")
  private int slice;

  @Option(
      names = "--burn-in",
      defaultValue = "16",
      description = "Leading windows of a sequence left out of the loss (default: ${DEFAULT-VALUE}).")
  private int burnIn;

  @Option(
      names = "--learning-rate",
      defaultValue = "0.01",
      description = "Adam's learning rate (default: ${DEFAULT-VALUE}).")
  private double learningRate;

  @Option(
      names = "--clip-norm",
      defaultValue = "1.0",
      description = "Global gradient norm clip (default: ${DEFAULT-VALUE}).")
  private double clipNorm;

  @Option(
      names = "--eval-sensors",
      defaultValue = "64",
      description = "Sensors of the evaluation fleet (default: ${DEFAULT-VALUE}).")
  private int evalSensors;

  @Option(
      names = "--eval-days",
      defaultValue = "3",
      description = "Days of the evaluation (default: ${DEFAULT-VALUE}).")
  private int evalDays;

  @Option(
      names = "--eval-seed",
      defaultValue = "11",
      description = "Seed of the evaluation fleet, unseen in training (default: ${DEFAULT-VALUE}).")
  private long evalSeed;

  @Option(
      names = "--out",
      required = true,
      description = "Safetensors file to write.")
  private Path out;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      PretrainingSettings settings = new PretrainingSettings(cell, hidden, layers, sensors, days,
          window.toMillis(), seed, steps, batch, slice, burnIn, learningRate, clipNorm);
      ModelPretrainer pretrainer = new ModelPretrainer(settings, DemoSettings.forecast());
      err.printf(Locale.ROOT,
          "pretraining %s hidden %d x %d on %d sensors x %d days of %d ms windows, %d steps%n",
          cell.id(), hidden, layers, sensors, days, window.toMillis(), steps);
      PretrainingResult result = pretrainer.pretrain((step, loss) -> {
        if (step % PROGRESS_EVERY == 0 || step == steps) {
          err.printf(Locale.ROOT, "step %d/%d loss %.5f%n", step, steps, loss);
          err.flush();
        }
      });
      err.printf(Locale.ROOT, "final train loss %.5f (first steps %.5f) in %.1f s%n",
          result.finalLoss(), result.initialLoss(), result.elapsed().toMillis() / 1000.0);
      writeModel(result.parameters());
      Map<String, Object> evaluation =
          DemoEvaluation.run(ModelFiles.read(out), evalSensors, evalDays, evalSeed, window);
      spec.commandLine().getOut().println(JSON.writeValueAsString(summary(result, evaluation)));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("flowcast: " + e.getMessage());
    } catch (JsonProcessingException e) {
      err.println("flowcast: cannot print the summary: " + e.getOriginalMessage());
    } catch (IOException e) {
      err.println("flowcast: cannot write " + out + ": " + e.getMessage());
    }
    return FlowcastCommand.EXIT_BAD_INPUT;
  }

  private void writeModel(ModelParameters parameters) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ModelFiles.write(parameters, out, DType.F32);
  }

  private Map<String, Object> summary(PretrainingResult result, Map<String, Object> evaluation) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("out", out.toString());
    json.put("cell", cell.id());
    json.put("hidden", hidden);
    json.put("layers", layers);
    json.put("horizon", DemoSettings.forecast().horizon());
    json.put("window_ms", window.toMillis());
    json.put("sensors", sensors);
    json.put("days", days);
    json.put("seed", seed);
    json.put("steps", steps);
    json.put("initial_loss", result.initialLoss());
    json.put("final_loss", result.finalLoss());
    json.put("train_seconds", result.elapsed().toMillis() / 1000.0);
    json.put("evaluation", evaluation);
    return json;
  }
}
