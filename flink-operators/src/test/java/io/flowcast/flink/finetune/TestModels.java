package io.flowcast.flink.finetune;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.train.Initializers;
import java.util.Random;

/** Small forecasting models (3 inputs, horizon 3, as {@code ForecastSettings.defaults()}) for the tests. */
final class TestModels {
  private TestModels() {}

  /** An LSTM with hidden size 4 and one layer, initialised from {@code seed}. */
  static ModelParameters lstm(long seed) {
    ModelParameters parameters =
        ModelParameters.zeros(new ModelConfig(CellType.LSTM, WindowEncoding.INPUT_SIZE, 4, 1, 3));
    Initializers.pytorchDefault(parameters, new Random(seed));
    return parameters;
  }

  /** Version {@code version} with every field known. */
  static CheckpointInfo info(long version) {
    return new CheckpointInfo(version, version - 1, 1_700_000_000_000L + version, 1000 * version, 0.25, 0.5, "cfg-1");
  }
}
