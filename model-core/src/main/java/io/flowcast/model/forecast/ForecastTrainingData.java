package io.flowcast.model.forecast;

import io.flowcast.model.train.Tensor3;
import java.util.Arrays;

/**
 * Training examples for a forecasting model, encoded exactly as {@link SensorForecaster} encodes a
 * live stream: each sensor's series of window values runs through {@link WindowEncoding} from its
 * first window on, and the target of window t is the normalised value of windows t+1 .. t+horizon
 * under the statistics of window t.
 *
 * <p>Slices of any length can be taken for truncated backpropagation through time; the statistics
 * always come from the whole history before the slice, as they would in the stream.
 */
public final class ForecastTrainingData {
  private final int sensors;
  private final int windows;
  private final int horizon;
  private final float[][][] inputs; // [sensor][window][INPUT_SIZE]
  private final float[][][] targets; // [sensor][window][horizon]

  private ForecastTrainingData(int sensors, int windows, int horizon) {
    this.sensors = sensors;
    this.windows = windows;
    this.horizon = horizon;
    this.inputs = new float[sensors][windows][WindowEncoding.INPUT_SIZE];
    this.targets = new float[sensors][windows][horizon];
  }

  /**
   * Encodes equally long series of window values.
   *
   * @param series {@code [sensor][window]} window values (the windows' means)
   * @param firstWindowStart start of window 0, epoch milliseconds
   * @param windowMillis window length
   * @throws IllegalArgumentException if the series are ragged, hold non-finite values, or are not
   *     longer than the horizon
   */
  public static ForecastTrainingData encode(
      float[][] series, long firstWindowStart, long windowMillis, ForecastSettings settings) {
    int horizon = settings.horizon();
    if (series.length == 0 || series[0].length <= horizon) {
      throw new IllegalArgumentException("need at least one series longer than the horizon " + horizon);
    }
    int length = series[0].length;
    ForecastTrainingData data = new ForecastTrainingData(series.length, length - horizon, horizon);
    WindowEncoding encoding = new WindowEncoding(settings);
    float[] stats = new float[ExponentialStats.SIZE];
    for (int s = 0; s < series.length; s++) {
      if (series[s].length != length) {
        throw new IllegalArgumentException("series " + s + " has " + series[s].length
            + " windows, series 0 has " + length);
      }
      Arrays.fill(stats, 0f);
      for (int t = 0; t < data.windows; t++) {
        encoding.observe(stats, 0, series[s][t]);
        float z = encoding.normalize(stats, 0, series[s][t]);
        encoding.encode(z, firstWindowStart + t * windowMillis, data.inputs[s][t], 0);
        for (int k = 0; k < horizon; k++) {
          data.targets[s][t][k] = encoding.normalize(stats, 0, series[s][t + 1 + k]);
        }
      }
    }
    return data;
  }

  public int sensors() {
    return sensors;
  }

  /** Windows that have a full horizon of targets. */
  public int windows() {
    return windows;
  }

  /** Inputs of windows {@code [from, from + length)}, shaped {@code [length][sensors][3]}. */
  public Tensor3 inputs(int from, int length) {
    return slice(inputs, from, length, WindowEncoding.INPUT_SIZE);
  }

  /** Targets of windows {@code [from, from + length)}, shaped {@code [length][sensors][horizon]}. */
  public Tensor3 targets(int from, int length) {
    return slice(targets, from, length, horizon);
  }

  private Tensor3 slice(float[][][] source, int from, int length, int width) {
    if (from < 0 || length < 1 || from + length > windows) {
      throw new IndexOutOfBoundsException(
          "windows [" + from + ", " + (from + length) + ") outside [0, " + windows + ")");
    }
    Tensor3 out = Tensor3.zeros(length, sensors, width);
    for (int t = 0; t < length; t++) {
      for (int s = 0; s < sensors; s++) {
        for (int j = 0; j < width; j++) {
          out.set(t, s, j, source[s][from + t][j]);
        }
      }
    }
    return out;
  }
}
