package io.flowcast.flink.finetune;

import io.flowcast.flink.finetune.CheckpointRejectedException.Reason;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.SafetensorsFile;
import io.flowcast.model.io.SafetensorsReader;
import io.flowcast.model.io.Tensor;
import io.flowcast.model.io.WeightFileException;
import io.flowcast.model.io.WeightFileOptions;
import io.flowcast.schemas.ModelCheckpoint;
import java.io.Serializable;
import java.util.Map;
import org.apache.flink.core.fs.Path;

/**
 * Checks an announced checkpoint before a task swaps it in: reads the whole file at the
 * announced URI through Flink's FileSystem (at most {@link SafetensorsReader#DEFAULT_MAX_FILE_BYTES}),
 * checks its SHA-256 against the announcement, parses it as {@link ModelFiles} does with the
 * {@linkplain WeightFileOptions#DEFAULTS default options}, checks that every tensor value is
 * finite, that the cell is the announced one and that the model fits the forecast settings
 * ({@link SensorForecaster#requireFits}). Every problem with the file is a {@link
 * CheckpointRejectedException}; stateless, so one instance serves any number of calls.
 */
public final class CheckpointVerifier implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * The model of {@code announcement}, if its file passes every check.
   *
   * @throws CheckpointRejectedException naming the first check that failed
   */
  public ModelParameters verify(ModelCheckpoint announcement, ForecastSettings settings)
      throws CheckpointRejectedException {
    byte[] bytes = read(announcement);
    String sha256 = CheckpointStore.sha256Hex(bytes);
    if (!sha256.equalsIgnoreCase(announcement.getSha256())) {
      throw rejected(announcement, Reason.HASH_MISMATCH,
          "the file's sha256 is " + sha256 + ", announced " + announcement.getSha256(), null);
    }
    ModelParameters parameters = parse(announcement, bytes);
    String cell = parameters.config().cell().id();
    if (!cell.equals(announcement.getCell())) {
      throw rejected(announcement, Reason.CELL_MISMATCH,
          "the file holds a '" + cell + "' model, announced '" + announcement.getCell() + "'", null);
    }
    try {
      SensorForecaster.requireFits(parameters.config(), settings);
    } catch (IllegalArgumentException e) {
      throw rejected(announcement, Reason.DOES_NOT_FIT, e.getMessage(), e);
    }
    return parameters;
  }

  private static byte[] read(ModelCheckpoint announcement) throws CheckpointRejectedException {
    try {
      return FlinkFiles.readAll(new Path(announcement.getUri()), SafetensorsReader.DEFAULT_MAX_FILE_BYTES);
    } catch (Exception e) { // IOException, or a URI Flink's Path refuses
      throw rejected(announcement, Reason.UNREADABLE, String.valueOf(e.getMessage()), e);
    }
  }

  private static ModelParameters parse(ModelCheckpoint announcement, byte[] bytes)
      throws CheckpointRejectedException {
    try {
      SafetensorsFile file = new SafetensorsReader().fromBytes(bytes);
      requireFinite(announcement, file.tensors());
      return ModelFiles.fromSafetensors(file, WeightFileOptions.DEFAULTS);
    } catch (WeightFileException | RuntimeException e) { // bytes a reader does not expect
      throw rejected(announcement, Reason.NOT_A_MODEL, String.valueOf(e.getMessage()), e);
    }
  }

  private static void requireFinite(ModelCheckpoint announcement, Map<String, Tensor> tensors)
      throws CheckpointRejectedException {
    for (Map.Entry<String, Tensor> tensor : tensors.entrySet()) {
      double[] values = tensor.getValue().values();
      for (int i = 0; i < values.length; i++) {
        if (!Double.isFinite(values[i])) {
          throw rejected(announcement, Reason.NON_FINITE,
              "tensor '" + tensor.getKey() + "' holds " + values[i] + " at flat index " + i, null);
        }
      }
    }
  }

  private static CheckpointRejectedException rejected(
      ModelCheckpoint announcement, Reason reason, String detail, Throwable cause) {
    return new CheckpointRejectedException(announcement.getVersion(), announcement.getUri(), reason, detail, cause);
  }
}
