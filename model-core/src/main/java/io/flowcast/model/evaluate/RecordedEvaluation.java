package io.flowcast.model.evaluate;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.finetune.FineTunedReplay;
import io.flowcast.model.forecast.ReplayForecast;
import io.flowcast.model.forecast.ReplayWindow;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorReplay;
import io.flowcast.model.forecast.SensorWindows;
import io.flowcast.model.pretrain.Pretrainer;
import io.flowcast.model.pretrain.PretrainingResult;
import io.flowcast.model.pretrain.TrainingSet;
import io.flowcast.model.pretrain.TrainingSetEncoder;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays recorded files through the job's per-sensor code and keeps what it emitted, for
 * {@link ForecastErrors}, result files and plots.
 *
 * <ol>
 *   <li>Each value column of each file is one sensor ({@link RecordedSeries}), windowed as the job
 *       windows it.
 *   <li>With a pre-training fraction, the model is trained on the windows of every sensor's
 *       pre-training rows (validated on its validation rows) by the {@link Pretrainer}, the path
 *       of {@code flowcast train}; otherwise it starts as given.
 *   <li>Every sensor's windows, all of them, then go through a {@link SensorReplay} (or, with
 *       fine-tuning, a {@link FineTunedReplay}, which keeps training the model on samples cut
 *       from the stream as the job does) in event-time order across all files: a window's
 *       forecast and score use only the windows before it. The pre-training rows warm up each
 *       sensor's statistics and recurrent state, as a job started on the same stream would; only
 *       the online part is measured.
 * </ol>
 *
 * The Java step engine is used, so the results do not depend on the bundle size or on which
 * sensors share a bundle.
 */
public final class RecordedEvaluation {
  private final EvaluationSettings settings;

  public RecordedEvaluation(EvaluationSettings settings) {
    this.settings = settings;
  }

  /** What an evaluation produced: each sensor's results, and the pre-training, if any. */
  public record Outcome(List<EvaluatedSeries> series, PretrainingResult pretraining, long servingVersion,
      long modelVersions) {}

  /**
   * Evaluates {@code files}.
   *
   * @param progress pre-training progress
   * @throws IllegalArgumentException if a file has no online window, the model does not fit the
   *     settings, or pre-training has no sequence to train on
   */
  public Outcome run(List<RecordedFile> files, Pretrainer.Progress progress) {
    List<EvaluatedSeries> series = new ArrayList<>();
    List<SensorWindows> pretrainingWindows = new ArrayList<>();
    int validationWindows = 0;
    int trainingWindows = 0;
    for (RecordedFile file : files) {
      long windowMillis = settings.windowMillis() > 0 ? settings.windowMillis() : file.samplingIntervalMillis();
      int onlineRow = settings.onlineStartRow(file.rows());
      int validationRow = settings.validationStartRow(file.rows());
      for (int column = 0; column < file.valueColumns().size(); column++) {
        RecordedSeries recorded = RecordedSeries.of(file, column, windowMillis);
        int online = recorded.firstWindowFrom(onlineRow);
        int validation = recorded.firstWindowFrom(validationRow);
        if (online >= recorded.windows().size()) {
          throw new IllegalArgumentException(file.file() + ": column '" + file.valueColumns().get(column)
              + "' has no window in its online part (rows " + onlineRow + " on)");
        }
        series.add(new EvaluatedSeries(recorded, settings.forecast().horizon(), online,
            settings.pretrainFraction() > 0 ? validation : recorded.windows().size()));
        pretrainingWindows.add(recorded.windowsBefore(online));
        trainingWindows += validation;
        validationWindows += online - validation;
      }
    }
    PretrainingResult pretraining = null;
    ModelParameters model = settings.initial();
    if (settings.pretrainFraction() > 0) {
      double validationShare = (double) validationWindows / (validationWindows + trainingWindows);
      TrainingSet trainingSet = new TrainingSetEncoder(settings.forecast(), settings.gapPolicy(),
          settings.maxGapWindows(), validationShare, settings.pretraining().burnInWindows()).encode(pretrainingWindows);
      pretraining = new Pretrainer(settings.pretraining(), settings.forecast().horizon()).pretrain(trainingSet, progress);
      model = pretraining.parameters();
    }
    Map<String, EvaluatedSeries> bySensor = new HashMap<>();
    series.forEach(s -> bySensor.put(s.series().sensorId(), s));
    Consumer<ReplayForecast> sink = forecast -> bySensor.get(forecast.window().sensorId()).accept(forecast);
    List<ReplayWindow> windows = inEventTimeOrder(series);
    if (settings.fineTunes()) {
      FineTunedReplay replay = new FineTunedReplay(model, 0, settings.forecast(), settings.samples(),
          settings.tuning(), settings.bundleSize(), StepEngines.java(), settings.gapPolicy(), settings.maxGapWindows());
      replay.replay(windows, sink);
      return new Outcome(series, pretraining, replay.servingVersion(), replay.tuner().roundsAccepted() + 1);
    }
    try (SensorForecaster forecaster = new SensorForecaster(RecurrentNetwork.compile(model), settings.forecast(),
        settings.bundleSize(), StepEngines.java())) {
      new SensorReplay(forecaster, settings.gapPolicy(), settings.maxGapWindows()).replay(windows, sink);
    }
    return new Outcome(series, pretraining, 0, 1);
  }

  /** Every sensor's windows, ordered by their end (when the job closes them), then by file and column. */
  private static List<ReplayWindow> inEventTimeOrder(List<EvaluatedSeries> series) {
    List<ReplayWindow> windows = new ArrayList<>();
    for (EvaluatedSeries s : series) {
      windows.addAll(s.series().windows().replayWindows());
    }
    windows.sort(Comparator.comparingLong(ReplayWindow::end));
    return windows;
  }
}
