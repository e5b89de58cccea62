package io.flowcast.model.finetune;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.ReplayForecast;
import io.flowcast.model.forecast.ReplayWindow;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorReplay;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The job's fine-tuning loop offline: windows replayed through the operator's per-sensor code
 * ({@link SensorReplay}), training samples cut after every window as the operator cuts them
 * ({@link SampleCutter}), and a {@link FineTuner} whose accepted candidates are served from the
 * next bundle on, as the operator's hot swap does. Rounds run synchronously between bundles and
 * their clock is the event time (the end of the bundle's last window), so a replay is
 * deterministic. In the job a round trains in the background while forecasting goes on and a
 * version serves once its Flink checkpoint completes, so it serves a little later there. Not
 * thread-safe.
 */
public final class FineTunedReplay {
  private final ForecastSettings settings;
  private final SampleCutter cutter;
  private final FineTuner tuner;
  private final int bundleSize;
  private final StepEngine engine;
  private final SensorReplay replay;
  private final List<ReplayWindow> bundle = new ArrayList<>();

  /**
   * @param initial the model serving at the start, as {@code version}
   * @param bundleSize windows per batched step
   * @throws IllegalArgumentException if the model does not fit the settings or the loss
   */
  public FineTunedReplay(ModelParameters initial, long version, ForecastSettings settings, SampleSettings samples,
      FineTuneSettings tuning, int bundleSize, StepEngine engine, GapPolicy gapPolicy, int maxGapWindows) {
    this.settings = settings;
    this.cutter = new SampleCutter(samples, settings.horizon(), settings.target());
    this.tuner = new FineTuner(tuning, initial, version);
    this.bundleSize = bundleSize;
    this.engine = engine;
    this.replay = new SensorReplay(forecaster(initial), gapPolicy, maxGapWindows);
    replay.afterEachStep((window, state) -> cutter.cut(window.sensorId(), window.start(), state,
        replay.forecaster().history()).sample().ifPresent(tuner::add));
  }

  private SensorForecaster forecaster(ModelParameters parameters) {
    return new SensorForecaster(RecurrentNetwork.compile(parameters), settings, bundleSize, engine,
        cutter.historySteps());
  }

  /** Replays {@code windows} in their order, fine-tuning on the way; every observed window's forecast goes to {@code sink}. */
  public void replay(Iterable<ReplayWindow> windows, Consumer<ReplayForecast> sink) {
    for (ReplayWindow window : windows) {
      bundle.add(window);
      if (bundle.size() == bundleSize) {
        step(sink);
      }
    }
    step(sink);
  }

  private void step(Consumer<ReplayForecast> sink) {
    if (bundle.isEmpty()) {
      return;
    }
    long now = bundle.get(bundle.size() - 1).end();
    replay.replay(bundle, sink);
    bundle.clear();
    if (tuner.roundDue(now)) {
      Decision decision = tuner.finish(tuner.startRound(now).run(), now);
      if (decision.accepted()) {
        replay.serve(forecaster(decision.candidate()));
      }
    }
  }

  /** The version serving now. */
  public long servingVersion() {
    return tuner.version();
  }

  /** The fine-tuner, for its counters. */
  public FineTuner tuner() {
    return tuner;
  }
}
