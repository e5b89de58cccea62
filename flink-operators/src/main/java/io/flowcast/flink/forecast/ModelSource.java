package io.flowcast.flink.forecast;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.WeightFileOptions;
import io.flowcast.model.train.Initializers;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.Random;
import org.apache.flink.core.fs.Path;

/**
 * Where a task's model comes from: a safetensors file at any Flink FileSystem URI (a local path,
 * {@code file://}, {@code s3://}, {@code hdfs://} ... as the cluster's plugins allow), or, when no
 * URI is given, a fresh model with PyTorch's default initialisation from a fixed seed (so that all
 * parallel tasks hold the same model).
 *
 * @param uri the weights file, or null for a fresh model
 * @param cell the cell of a fresh model (a file's own cell is used as it is)
 * @param hiddenSize hidden units per layer of a fresh model
 * @param numLayers layers of a fresh model
 * @param seed initialisation seed of a fresh model
 * @param version model version stamped on every forecast
 * @param weightOptions how the file is read (prefixes, an RNN's nonlinearity); unused for a fresh
 *     model
 */
public record ModelSource(
    String uri,
    CellType cell,
    int hiddenSize,
    int numLayers,
    long seed,
    long version,
    WeightFileOptions weightOptions)
    implements Serializable {

  /** A fresh model of the given shape. */
  public static ModelSource fresh(CellType cell, int hiddenSize, int numLayers, long seed) {
    return fresh(cell, hiddenSize, numLayers, seed, 0);
  }

  /** A fresh model of the given shape, stamped with {@code version}. */
  public static ModelSource fresh(CellType cell, int hiddenSize, int numLayers, long seed, long version) {
    return new ModelSource(null, cell, hiddenSize, numLayers, seed, version, WeightFileOptions.DEFAULTS);
  }

  /** The weights file at {@code uri}, read with the default {@link WeightFileOptions}. */
  public static ModelSource file(String uri, long version) {
    return file(uri, version, WeightFileOptions.DEFAULTS);
  }

  /** The weights file at {@code uri}, read as {@code options} say. */
  public static ModelSource file(String uri, long version, WeightFileOptions options) {
    return new ModelSource(uri, null, 0, 0, 0, version, options);
  }

  /**
   * Loads the model and checks that it fits the settings.
   *
   * @throws IOException if the file cannot be read or is not a valid weights file
   * @throws IllegalArgumentException if the model does not fit the settings
   */
  public ModelParameters load(ForecastSettings settings) throws IOException {
    ModelParameters parameters = uri == null ? initialise(settings) : read();
    SensorForecaster.requireFits(parameters.config(), settings);
    return parameters;
  }

  private ModelParameters read() throws IOException {
    Path path = new Path(uri);
    try (InputStream in = path.getFileSystem().open(path)) {
      return ModelFiles.read(in, weightOptions);
    }
  }

  private ModelParameters initialise(ForecastSettings settings) {
    ModelConfig config =
        new ModelConfig(cell, WindowEncoding.INPUT_SIZE, hiddenSize, numLayers, settings.horizon());
    ModelParameters parameters = ModelParameters.zeros(config);
    Initializers.pytorchDefault(parameters, new Random(seed));
    return parameters;
  }

  /** Where the model comes from, for logs. */
  public String describe() {
    return uri != null
        ? uri + " (version " + version + ")"
        : "fresh " + cell.id() + " hidden " + hiddenSize + " x " + numLayers + " (seed " + seed + ")";
  }
}
