package io.flowcast.flink.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flowcast.flink.job.FineTuneMode;
import io.flowcast.flink.job.FineTuneStage;
import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.job.ForecastStage;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.cli.TrainingProgressBar;
import io.flowcast.model.evaluate.EvaluatedSeries;
import io.flowcast.model.evaluate.EvaluationPlot;
import io.flowcast.model.evaluate.EvaluationReport;
import io.flowcast.model.evaluate.EvaluationSettings;
import io.flowcast.model.evaluate.LabelledWindows;
import io.flowcast.model.evaluate.PlotSeries;
import io.flowcast.model.evaluate.RecordedEvaluation;
import io.flowcast.model.evaluate.RecordedFile;
import io.flowcast.model.evaluate.RecordedFileReader;
import io.flowcast.model.evaluate.ResultFiles;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.history.HistoryFormatException;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.pretrain.PretrainingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * One {@code flowcast evaluate --data} run: reads the files, evaluates them with the job's
 * settings ({@link RecordedEvaluation}), writes the result CSVs ({@link ResultFiles}), the plots
 * asked for and {@code summary.json}, and returns the {@code EVAL} line.
 */
final class RecordedEvaluationRun {
  private final Path data;
  private final Path out;
  private final double pretrainFraction;
  private final double validationFraction;
  private final int rows;
  private final String timeColumn;
  private final Duration window;
  private final Path weights;
  private final PretrainingSettings pretraining;
  private final Path labels;
  private final List<String> plots;
  private final Configuration config;

  RecordedEvaluationRun(Path data, Path out, double pretrainFraction, double validationFraction, int rows,
      String timeColumn, Duration window, Path weights, PretrainingSettings pretraining, Path labels,
      List<String> plots, Configuration config) {
    this.data = data;
    this.out = out;
    this.pretrainFraction = pretrainFraction;
    this.validationFraction = validationFraction;
    this.rows = rows;
    this.timeColumn = timeColumn;
    this.window = window;
    this.weights = weights;
    this.pretraining = pretraining;
    this.labels = labels;
    this.plots = List.copyOf(plots);
    this.config = config;
  }

  /** Runs the evaluation; progress goes to {@code err}. */
  String run(PrintWriter err) throws IOException, HistoryFormatException {
    long started = System.nanoTime();
    if (weights != null && pretrainFraction > 0) {
      throw new IllegalArgumentException("give either --weights or --pretrain-fraction, not both");
    }
    List<RecordedFile> files = new RecordedFileReader(timeColumn, rows).read(data);
    for (String plot : plots) {
      if (files.stream().noneMatch(file -> file.name().equals(plot))) {
        throw new IllegalArgumentException("--plot " + plot + " is not one of the data files (give its path"
            + " relative to --data)");
      }
    }
    LabelledWindows windows = labels == null ? null : LabelledWindows.read(labels);
    EvaluationSettings settings = settings();
    long series = files.stream().mapToLong(file -> file.valueColumns().size()).sum();
    err.printf(Locale.ROOT, "evaluating %d files, %d series, %d rows%s%n", files.size(), series,
        files.stream().mapToLong(RecordedFile::rows).sum(), settings.fineTunes() ? ", fine-tuning online" : "");
    RecordedEvaluation.Outcome outcome;
    try (TrainingProgressBar progress = new TrainingProgressBar(err)) {
      outcome = new RecordedEvaluation(settings).run(files, progress);
    }
    EvaluationReport report = new EvaluationReport(files, outcome.series());
    Files.createDirectories(out);
    int next = 0;
    for (RecordedFile file : files) {
      List<EvaluatedSeries> ofFile = outcome.series().subList(next, next + file.valueColumns().size());
      next += ofFile.size();
      ResultFiles.write(out, file, ofFile);
      if (plots.contains(file.name())) {
        for (EvaluatedSeries s : ofFile) {
          String name = file.name().replaceAll("\\.csv$", "")
              + (file.wide() ? "#" + file.valueColumns().get(s.series().column()) : "") + ".png";
          EvaluationPlot.writePng(PlotSeries.of(s, windows == null ? List.of() : windows.of(file.name())),
              out.resolve(name), 1600, 600);
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("data", data.toString());
    summary.put("files", files.size());
    summary.put("series", series);
    summary.put("horizon", settings.forecast().horizon());
    summary.put("pretrain_fraction", pretrainFraction);
    summary.put("validation_fraction", validationFraction);
    summary.put("fine_tuning", settings.fineTunes());
    summary.put("model_versions", outcome.modelVersions());
    summary.put("serving_version", outcome.servingVersion());
    if (outcome.pretraining() != null) {
      summary.put("pretraining_best_epoch", outcome.pretraining().bestEpoch());
      double validationLoss = outcome.pretraining().best().validationLoss();
      if (!Double.isNaN(validationLoss)) {
        summary.put("pretraining_validation_loss", validationLoss);
      }
    }
    summary.put("overall", report.overall().jsonFields());
    summary.put("per_series", report.seriesFields());
    summary.put("seconds", seconds);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("summary.json").toFile(),
        summary);
    return report.evalLine(seconds);
  }

  private EvaluationSettings settings() throws IOException {
    ForecastSettings forecast = ForecastStage.settings(config);
    boolean fineTunes = config.get(ForecastOptions.FINETUNE_MODE) == FineTuneMode.TRAIN;
    ModelParameters initial = null;
    if (pretrainFraction == 0) {
      initial = weights != null ? ModelFiles.read(weights) : ForecastStage.operatorConfig(config).model().load(forecast);
      try {
        SensorForecaster.requireFits(initial.config(), forecast);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException((weights != null ? weights : "the job's model") + ": " + e.getMessage(), e);
      }
    }
    return new EvaluationSettings(forecast, config.get(ForecastOptions.GAP_POLICY),
        config.get(ForecastOptions.GAP_MAX_WINDOWS), config.get(ForecastOptions.BUNDLE_SIZE),
        window == null ? 0 : window.toMillis(), pretrainFraction, validationFraction, pretraining, initial,
        fineTunes ? ForecastStage.sampleSettings(config) : null, fineTunes ? FineTuneStage.settings(config) : null);
  }
}
