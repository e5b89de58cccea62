package io.flowcast.benchmarks;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.ForecastTarget;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.WindowBatch;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import io.flowcast.model.train.Initializers;
import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One window of a bundle of {@code batch} sensors through {@link SensorForecaster#advance}, the
 * per-sensor work around the batched step included (scores, statistics, calibration, forecasts),
 * scored by the residual's surprise or by level novelty, and with docs/ACCURACY.md's per-sensor
 * settings (level novelty, the change target and the robust online correction): what level novelty
 * and the correction cost per window once the warm-ups are over. LSTM H = 64, 1 layer, horizon 3,
 * the Java engine; every sensor well past both warm-ups before measuring, its values a random walk
 * so that firsts stay rare but happen.
 */
@State(Scope.Thread)
public class SensorForecasterBenchmark extends StepBenchmarkSettings {
  /**
   * The settings: {@code residual} (the defaults), {@code level-novelty} (warm-up 576, bursts of 48)
   * or {@code accuracy} (that level novelty, {@code forecast.target change} and {@code
   * forecast.correction 0.998}, as docs/ACCURACY.md measures).
   */
  @Param({"residual", "level-novelty", "accuracy"})
  public String settings;

  @Param({"512"})
  public int batch;

  private static final int WARM_UP_WINDOWS = 700;
  private static final long WINDOW_MILLIS = 300_000;

  private SensorForecaster forecaster;
  private WindowBatch windows;
  private float[][] sensors;
  private float[] values;
  private final Random walk = new Random(7);
  private long windowStart;

  /** Builds the forecaster and runs every sensor past its warm-ups. */
  @Setup
  public void setUp() {
    ForecastSettings defaults = ForecastSettings.defaults();
    ForecastSettings levelNovelty = defaults.withLevelNovelty(576, 48);
    ForecastSettings chosen = switch (settings) {
      case "residual" -> defaults;
      case "level-novelty" -> levelNovelty;
      case "accuracy" -> levelNovelty.withTarget(ForecastTarget.CHANGE).withCorrection(0.998);
      default -> throw new IllegalArgumentException("unknown settings " + settings);
    };
    ModelParameters parameters =
        ModelParameters.zeros(new ModelConfig(CellType.LSTM, WindowEncoding.INPUT_SIZE, 64, 1, chosen.horizon()));
    Initializers.pytorchDefault(parameters, new Random(42));
    forecaster = new SensorForecaster(RecurrentNetwork.compile(parameters), chosen, batch, StepEngines.java());
    windows = new WindowBatch(batch, chosen.horizon());
    sensors = new float[batch][];
    values = new float[batch];
    for (int s = 0; s < batch; s++) {
      sensors[s] = forecaster.newSensorState();
      values[s] = 50 + s % 17;
    }
    for (int w = 0; w < WARM_UP_WINDOWS; w++) {
      window();
    }
  }

  /** One window of every sensor. */
  @Benchmark
  public WindowBatch window() {
    windows.clear();
    for (int s = 0; s < batch; s++) {
      values[s] += (float) walk.nextGaussian();
      windows.addObserved(sensors[s], windowStart, values[s]);
    }
    forecaster.advance(windows);
    for (int s = 0; s < batch; s++) {
      sensors[s] = windows.sensorState(s); // shorter once the level warm-up has ended
    }
    windowStart += WINDOW_MILLIS;
    return windows;
  }
}
