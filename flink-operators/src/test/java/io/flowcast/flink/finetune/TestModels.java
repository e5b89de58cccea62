package io.flowcast.flink.finetune;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.train.Initializers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Small forecasting models (3 inputs, horizon 3, as {@code ForecastSettings.defaults()}) for the tests. */
public final class TestModels {
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

  /** A copy of a safetensors file's bytes whose first stored weight is NaN. */
  public static byte[] withFirstWeightNaN(byte[] safetensors) {
    byte[] bytes = safetensors.clone();
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int dataStart = 8 + (int) buffer.getLong(0);
    buffer.putFloat(dataStart, Float.NaN);
    return bytes;
  }
}
