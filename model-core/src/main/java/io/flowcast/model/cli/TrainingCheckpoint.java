package io.flowcast.model.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.io.DType;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.pretrain.EpochLoss;
import io.flowcast.model.pretrain.PretrainingResult;
import io.flowcast.model.pretrain.PretrainingSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model written by {@code train}: F32 safetensors whose {@code __metadata__} holds, besides the
 * model's configuration ({@code flowcast.*}), how it was made, as JSON strings:
 *
 * <pre>
 *   training.data        what was trained on (files, sensors, rows, windows, skipped rows by reason,
 *                        imputed windows, state resets; or the simulated fleet)
 *   training.forecast    the job settings it was encoded for (window_ms, horizon, season_period_ms,
 *                        normalization_alpha, min_scale, gap_policy, gap_max_windows,
 *                        validation_fraction)
 *   training.settings    the trainer's settings (cell, sizes, optimiser, learning rate, ...)
 *   training.epochs      [{epoch, steps, train_loss, validation_loss}] of every epoch run
 *   training.result      {best_epoch, stopped_early, train_loss, validation_loss, initial_loss,
 *                        final_loss, train_seconds}
 * </pre>
 *
 * The same fields, keyed without the {@code training.} prefix, make up the summary line.
 */
final class TrainingCheckpoint {
  static final String DATA = "training.data";
  static final String FORECAST = "training.forecast";
  static final String SETTINGS = "training.settings";
  static final String EPOCHS = "training.epochs";
  static final String RESULT = "training.result";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PretrainingResult result;
  private final Map<String, Object> fields = new LinkedHashMap<>();

  TrainingCheckpoint(Map<String, Object> data, PretrainingSettings settings, Map<String, Object> forecast,
      PretrainingResult result) {
    this.result = result;
    fields.put(DATA, data);
    fields.put(FORECAST, forecast);
    fields.put(SETTINGS, settings.jsonFields());
    fields.put(EPOCHS, epochs(result.epochs()));
    fields.put(RESULT, resultFields(result));
  }

  /** Writes the checkpoint (through a temporary file moved into place). */
  void write(Path out) throws IOException {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      metadata.put(field.getKey(), JSON.writeValueAsString(field.getValue()));
    }
    Path target = out.toAbsolutePath();
    Files.createDirectories(target.getParent());
    ModelFiles.write(result.parameters(), target, DType.F32, metadata);
  }

  /** The summary line's fields: the file, then the metadata's fields without their prefix. */
  Map<String, Object> summary(Path out) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("out", out.toString());
    fields.forEach((key, value) -> json.put(key.substring("training.".length()), value));
    return json;
  }

  private static List<Map<String, Object>> epochs(List<EpochLoss> epochs) {
    List<Map<String, Object>> json = new ArrayList<>();
    for (EpochLoss epoch : epochs) {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("epoch", epoch.epoch());
      fields.put("steps", epoch.steps());
      fields.put("train_loss", orNull(epoch.trainLoss()));
      fields.put("validation_loss", orNull(epoch.validationLoss()));
      json.add(fields);
    }
    return json;
  }

  private static Map<String, Object> resultFields(PretrainingResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("best_epoch", result.bestEpoch());
    json.put("stopped_early", result.stoppedEarly());
    json.put("train_loss", orNull(result.best().trainLoss()));
    json.put("validation_loss", orNull(result.best().validationLoss()));
    json.put("initial_loss", orNull(result.initialLoss()));
    json.put("final_loss", orNull(result.finalLoss()));
    json.put("train_seconds", result.elapsed().toMillis() / 1000.0);
    return json;
  }

  /** JSON has no NaN: a loss that does not exist (no validation) is null. */
  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
