package io.flowcast.flink.demo;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.ForecastTrainingData;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.train.Initializers;
import io.flowcast.model.train.Tensor3;
import io.flowcast.model.train.Trainer;
import java.time.Duration;
import java.util.Random;

/**
 * Trains a forecasting model on the simulated history of an anomaly-free fleet: each sensor's
 * window means are encoded by {@link ForecastTrainingData} exactly as the streaming
 * {@link io.flowcast.model.forecast.SensorForecaster} will encode them, and Adam with gradient
 * clipping fits the model on batches of random slices (sensor and offset drawn per sequence), with
 * a burn-in at the start of each slice that the loss ignores. Deterministic for a seed.
 */
public final class ModelPretrainer {
  private final PretrainingSettings settings;
  private final ForecastSettings forecastSettings;
  private final FleetSettings fleet;

  /** Receives the loss of each optimiser step (1-based). */
  @FunctionalInterface
  public interface Progress {
    void onStep(int step, double loss);
  }

  /**
   * @throws IllegalArgumentException if the demo fleet cannot have windows of
   *     {@code settings.windowMillis()}
   */
  public ModelPretrainer(PretrainingSettings settings, ForecastSettings forecastSettings) {
    this.settings = settings;
    this.forecastSettings = forecastSettings;
    this.fleet = FleetSettings.demo(settings.sensors(), settings.seed())
        .withWindowMillis(settings.windowMillis())
        .withAnomalyRate(0);
  }

  /** The fleet whose history is trained on: the demo fleet without anomalies. */
  public FleetSettings trainingFleet() {
    return fleet;
  }

  /**
   * Simulates the history and trains.
   *
   * @throws IllegalArgumentException if the history is shorter than one slice plus the horizon
   */
  public PretrainingResult pretrain(Progress progress) {
    long started = System.nanoTime();
    SensorFleetSimulator simulator = new SensorFleetSimulator(fleet);
    int windows = (int) (settings.days() * ForecastSettings.DAY_MILLIS / settings.windowMillis());
    float[][] series = new float[settings.sensors()][];
    for (int s = 0; s < series.length; s++) {
      series[s] = simulator.windowMeans(s, 0, windows);
    }
    ForecastTrainingData data =
        ForecastTrainingData.encode(series, fleet.startMillis(), settings.windowMillis(), forecastSettings);
    if (data.windows() < settings.sliceWindows()) {
      throw new IllegalArgumentException("the history has " + data.windows()
          + " windows with targets, fewer than a slice of " + settings.sliceWindows());
    }
    Tensor3 inputs = data.inputs(0, data.windows());
    Tensor3 targets = data.targets(0, data.windows());

    ModelParameters parameters = ModelParameters.zeros(new ModelConfig(settings.cell(),
        WindowEncoding.INPUT_SIZE, settings.hiddenSize(), settings.layers(), forecastSettings.horizon()));
    Random random = new Random(settings.seed());
    Initializers.xavierOrthogonal(parameters, random);
    Trainer trainer = Trainer.builder(parameters)
        .adam()
        .learningRate(settings.learningRate())
        .clipNorm(settings.clipNorm())
        .seed(settings.seed())
        .build();
    double[] weights = stepWeights();
    double[] losses = new double[settings.steps()];
    Tensor3 batchInputs = Tensor3.zeros(settings.sliceWindows(), settings.batchSize(), inputs.dim2());
    Tensor3 batchTargets = Tensor3.zeros(settings.sliceWindows(), settings.batchSize(), targets.dim2());
    for (int step = 0; step < settings.steps(); step++) {
      for (int b = 0; b < settings.batchSize(); b++) {
        int sensor = random.nextInt(data.sensors());
        int from = random.nextInt(data.windows() - settings.sliceWindows() + 1);
        copySlice(inputs, sensor, from, batchInputs, b);
        copySlice(targets, sensor, from, batchTargets, b);
      }
      losses[step] = trainer.trainBatch(batchInputs, batchTargets, weights);
      progress.onStep(step + 1, losses[step]);
    }
    parameters.requireFinite();
    int tenth = Math.max(1, settings.steps() / 10);
    return new PretrainingResult(parameters, mean(losses, 0, tenth),
        mean(losses, settings.steps() - tenth, settings.steps()),
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** Zero for the burn-in windows of every sequence, one after. */
  private double[] stepWeights() {
    double[] weights = new double[settings.sliceWindows() * settings.batchSize()];
    for (int t = settings.burnInWindows(); t < settings.sliceWindows(); t++) {
      for (int b = 0; b < settings.batchSize(); b++) {
        weights[t * settings.batchSize() + b] = 1;
      }
    }
    return weights;
  }

  /** Copies windows {@code [from, from + T)} of one sensor into column {@code b} of a batch. */
  private static void copySlice(Tensor3 source, int sensor, int from, Tensor3 batch, int b) {
    int width = source.dim2();
    for (int t = 0; t < batch.dim0(); t++) {
      System.arraycopy(
          source.data(), source.index(from + t, sensor, 0), batch.data(), batch.index(t, b, 0), width);
    }
  }

  private static double mean(double[] values, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return sum / (to - from);
  }
}
