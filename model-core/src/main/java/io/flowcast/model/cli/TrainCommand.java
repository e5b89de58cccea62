package io.flowcast.model.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.ForecastTarget;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.SensorWindows;
import io.flowcast.model.history.CsvColumns;
import io.flowcast.model.history.History;
import io.flowcast.model.history.HistoryFormatException;
import io.flowcast.model.history.HistoryReader;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.pretrain.Pretrainer;
import io.flowcast.model.pretrain.PretrainingResult;
import io.flowcast.model.pretrain.PretrainingSettings;
import io.flowcast.model.pretrain.TrainingSet;
import io.flowcast.model.pretrain.TrainingSetEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code train --data PATH --out M.safetensors [options]}: pretrains a forecasting model on
 * sensors' CSV history ({@link HistoryReader}: windowed as the job windows, then encoded with the
 * job's gap policy and encoding by {@link TrainingSetEncoder}) with the {@link Pretrainer}, and
 * writes an F32 safetensors checkpoint that the job starts from ({@code --model.path}), with the
 * data, the settings and the losses in its metadata ({@link TrainingCheckpoint}). A progress bar
 * and one line per epoch go to stderr, one line of JSON to stdout. Instead of {@code --data}, a
 * {@link HistorySource} added by the caller (the demo's {@code --simulated} fleet) may provide the
 * history. Bad data exits with 2 and one line {@code flowcast: <file>:<line>: <problem>}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Pretrain a forecasting model on sensors' CSV history (--data) and write it as safetensors.",
        "Windows, encoding and gap policy default to the job's (ForecastOptions); pass the job's values "
            + "if it runs with others."})
public final class TrainCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HistorySource alternative;

  @Spec private CommandSpec spec;

  // ---- data ----
  @Option(names = "--data", description = "A CSV file, or a directory of *.csv files (recursively).")
  private Path data;

  @Option(names = "--time-column", defaultValue = "timestamp",
      description = "Column of the timestamps: ISO-8601 (zone optional, UTC if none) or epoch s/ms (default: ${DEFAULT-VALUE}).")
  private String timeColumn;

  @Option(names = "--value-column", defaultValue = "value", description = "Column of the values (default: ${DEFAULT-VALUE}).")
  private String valueColumn;

  @Option(names = "--sensor-column",
      description = "Column of the sensor ids; without it each file is one sensor, named by its path without .csv.")
  private String sensorColumn;

  // ---- the job's windows and encoding ----
  @Option(names = "--window", defaultValue = "1m", converter = DurationConverter.class,
      description = "Window size, the job's window.size (default: ${DEFAULT-VALUE}).")
  private Duration window;

  @Option(names = "--horizon", defaultValue = "3", description = "Windows ahead, forecast.horizon (default: ${DEFAULT-VALUE}).")
  private int horizon;

  @Option(names = "--season-period", defaultValue = "1d", converter = DurationConverter.class,
      description = "forecast.season-period (default: ${DEFAULT-VALUE}).")
  private Duration seasonPeriod;

  @Option(names = "--normalization-alpha", defaultValue = "0.01",
      description = "forecast.normalization-alpha (default: ${DEFAULT-VALUE}).")
  private double normalizationAlpha;

  @Option(names = "--min-scale", defaultValue = "1e-3", description = "forecast.min-scale (default: ${DEFAULT-VALUE}).")
  private double minScale;

  @Option(names = "--target", defaultValue = "level", converter = TargetConverter.class,
      description = "forecast.target: level or change, what the head outputs (default: ${DEFAULT-VALUE}).")
  private ForecastTarget target;

  @Option(names = "--gap-policy", defaultValue = "impute", converter = GapPolicyConverter.class,
      description = "gap.policy: impute, reset or continue (default: ${DEFAULT-VALUE}).")
  private GapPolicy gapPolicy;

  @Option(names = "--gap-max-windows", defaultValue = "12", description = "gap.max-windows (default: ${DEFAULT-VALUE}).")
  private int gapMaxWindows;

  @Mixin private PretrainingOptions pretraining;

  @Option(names = "--validation-fraction", defaultValue = "0.2",
      description = "Last part of each sensor's windows kept for validation; 0 = none (default: ${DEFAULT-VALUE}).")
  private double validationFraction;

  @Option(names = "--out", required = true, description = "Safetensors file to write.")
  private Path out;

  /** A command that trains on {@code --data} only. */
  public TrainCommand() {
    this(null);
  }

  /** A command that trains on {@code --data} or, when it is selected, {@code alternative}. */
  public TrainCommand(HistorySource alternative) {
    this.alternative = alternative;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      ForecastSettings forecast = forecastSettings();
      PretrainingSettings settings = pretraining.settings();
      Map<String, Object> description = new LinkedHashMap<>();
      List<SensorWindows> windows = history(settings, description, err);
      TrainingSet trainingSet = new TrainingSetEncoder(forecast, gapPolicy, gapMaxWindows,
          validationFraction, settings.burnInWindows()).encode(windows);
      description.put("imputed_windows", trainingSet.imputedWindows());
      description.put("state_resets", trainingSet.stateResets());
      err.printf(Locale.ROOT, "training %s hidden %d x %d on %d sensors, %d windows of %d ms (%.0f train, "
              + "%.0f validation steps)%n", settings.cell().id(), settings.hiddenSize(), settings.layers(), windows.size(), trainingSet.windows(),
          window.toMillis(), trainingSet.trainWeight(), trainingSet.validationWeight());
      PretrainingResult result;
      try (TrainingProgressBar progress = new TrainingProgressBar(err)) {
        result = new Pretrainer(settings, horizon).pretrain(trainingSet, progress);
      }
      err.printf(Locale.ROOT, "best epoch %d of %d%s: train loss %.5f, validation loss %.5f, in %.1f s%n",
          result.bestEpoch(), result.epochs().size(), result.stoppedEarly() ? " (stopped early)" : "",
          result.best().trainLoss(), result.best().validationLoss(), result.elapsed().toMillis() / 1000.0);
      TrainingCheckpoint checkpoint = new TrainingCheckpoint(description, settings, forecastFields(forecast), result);
      checkpoint.write(out);
      Map<String, Object> summary = checkpoint.summary(out);
      if (alternative != null && alternative.selected()) {
        summary.put("evaluation", alternative.evaluate(ModelFiles.read(out), window.toMillis()));
      }
      spec.commandLine().getOut().println(JSON.writeValueAsString(summary));
      return 0;
    } catch (HistoryFormatException | IllegalArgumentException e) {
      err.println("flowcast: " + e.getMessage());
    } catch (IllegalStateException e) {
      err.println("flowcast: training failed: " + e.getMessage() + " (try a lower --learning-rate)");
    } catch (NoSuchFileException e) {
      err.println("flowcast: no such file: " + e.getFile());
    } catch (JsonProcessingException e) {
      err.println("flowcast: cannot print the summary: " + e.getOriginalMessage());
    } catch (IOException e) {
      err.println("flowcast: " + e.getMessage());
    }
    return FlowcastCommand.EXIT_BAD_INPUT;
  }

  private List<SensorWindows> history(PretrainingSettings settings, Map<String, Object> description,
      PrintWriter err) throws IOException, HistoryFormatException {
    boolean simulated = alternative != null && alternative.selected();
    if (simulated == (data != null)) {
      throw new IllegalArgumentException(alternative == null
          ? "--data PATH is required" : "give either --data PATH or --simulated");
    }
    if (simulated) {
      description.putAll(alternative.describe());
      return alternative.windows(window.toMillis());
    }
    History history = new HistoryReader(new CsvColumns(timeColumn, valueColumn, sensorColumn), window.toMillis())
        .read(data);
    history.requireWindows(settings.sequenceLength(), "one sequence");
    description.putAll(history.jsonFields());
    if (history.skippedRowCount() > 0) {
      err.println("flowcast: skipped " + history.skippedRowCount() + " rows: " + history.skippedRows());
    }
    return history.windows();
  }

  private ForecastSettings forecastSettings() {
    ForecastSettings d = ForecastSettings.defaults();
    return new ForecastSettings(horizon, seasonPeriod.toMillis(), normalizationAlpha, d.residualAlpha(),
        d.warmUpWindows(), d.intervalZ(), d.anomalyThreshold(), minScale, target, 0, d.repeatDamping(),
        d.levelWarmUpWindows(), d.levelBurstGapWindows());
  }

  private Map<String, Object> forecastFields(ForecastSettings forecast) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("window_ms", window.toMillis());
    json.put("horizon", forecast.horizon());
    json.put("season_period_ms", forecast.seasonPeriodMillis());
    json.put("normalization_alpha", forecast.normalizationAlpha());
    json.put("min_scale", forecast.minScale());
    json.put("target", forecast.target().id());
    json.put("gap_policy", gapPolicy.name().toLowerCase(Locale.ROOT));
    json.put("gap_max_windows", gapMaxWindows);
    json.put("validation_fraction", validationFraction);
    return json;
  }

  /** Parses {@code --gap-policy}: impute, reset or continue. */
  static final class GapPolicyConverter implements ITypeConverter<GapPolicy> {
    @Override
    public GapPolicy convert(String value) {
      for (GapPolicy policy : GapPolicy.values()) {
        if (policy.name().equalsIgnoreCase(value)) {
          return policy;
        }
      }
      throw new TypeConversionException("unknown gap policy '" + value + "' (impute, reset or continue)");
    }
  }


  /** Parses {@code --target} through {@link ForecastTarget#fromId}. */
  static final class TargetConverter implements ITypeConverter<ForecastTarget> {
    @Override
    public ForecastTarget convert(String value) {
      return ForecastTarget.fromId(value);
    }
  }
}
