package io.flowcast.benchmarks;

import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.model.step.StepEngines;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Option;

/**
 * The model and bundling options of the pipeline benchmarks (a picocli mixin), and the job's
 * forecasting configuration ({@link ForecastOptions}) they make.
 */
final class ModelOptions {
  @Option(names = "--cell", description = "Cell of the fresh model (default: ${DEFAULT-VALUE}).")
  String cell = "lstm";

  @Option(names = "--hidden", description = "Hidden units (default: ${DEFAULT-VALUE}).")
  int hidden = 64;

  @Option(names = "--layers", description = "Layers (default: ${DEFAULT-VALUE}).")
  int layers = 1;

  @Option(names = "--engine", description = "Model step engine: java, auto or nd4j (default: ${DEFAULT-VALUE}).")
  String engine = StepEngines.JAVA;

  @Option(names = "--bundle-size", description = "Windows per batched model step (default: ${DEFAULT-VALUE}).")
  int bundleSize = 512;

  @Option(names = "--bundle-interval-ms", description = "Longest wait in a bundle, ms (default: ${DEFAULT-VALUE}).")
  long bundleIntervalMillis = 100;

  @Option(names = "--job", paramLabel = "KEY=VALUE", description = "Any other job option for the forecasting"
      + " variant, e.g. --job anomaly.level-warm-up-windows=4 (repeatable; the options above take precedence).")
  Map<String, String> jobOptions = new TreeMap<>();

  /** The job's forecasting options for these settings, every other one as {@code --job} sets it or at its default. */
  Configuration forecasting() {
    Configuration config = Configuration.fromMap(jobOptions);
    config.set(ForecastOptions.MODEL_CELL, cell);
    config.set(ForecastOptions.MODEL_HIDDEN_SIZE, hidden);
    config.set(ForecastOptions.MODEL_LAYERS, layers);
    config.set(ForecastOptions.MODEL_ENGINE, engine);
    config.set(ForecastOptions.BUNDLE_SIZE, bundleSize);
    config.set(ForecastOptions.BUNDLE_INTERVAL, Duration.ofMillis(bundleIntervalMillis));
    return config;
  }

  /** For headers: e.g. {@code model lstm H=64 L=1 engine java, bundle 512 / 100 ms}. */
  String describe() {
    return String.format(Locale.ROOT, "model %s H=%d L=%d engine %s, bundle %d / %d ms%s", cell, hidden, layers, engine,
        bundleSize, bundleIntervalMillis, jobOptions.isEmpty() ? "" : ", job " + jobOptions);
  }
}
