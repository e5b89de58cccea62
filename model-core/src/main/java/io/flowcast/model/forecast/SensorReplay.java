package io.flowcast.model.forecast;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Replays closed windows of many sensors offline through exactly the code the Flink
 * ForecastOperator runs: the windows are cut, in arrival order, into bundles of
 * {@code bundleSize}, and each bundle goes through a {@link BundleStepper} (the gap policy, stale
 * windows, one batched {@link SensorForecaster} step per round, scoring). Fed the windows the
 * operator receives, with the same bundle size and the operator flushing by size only, it gives the
 * same forecasts and scores bit for bit; with the {@link io.flowcast.model.step.StepEngines#java() Java engine} the
 * bundle size does not matter either. Sensors start from a fresh state and keep it across calls.
 *
 * <p>Also counts what the operator counts in its metrics: imputed windows, state resets, stale
 * windows. Not thread-safe.
 */
public final class SensorReplay {
  private final GapPolicy gapPolicy;
  private final int maxGapWindows;
  private final int bundleSize;
  private final Map<Object, SensorState> states = new HashMap<>();
  private final List<ReplayWindow> bundle;
  private final Counts counts = new Counts();
  private BundleStepper stepper;
  private BiConsumer<ReplayWindow, float[]> afterStep = (window, state) -> {};

  /**
   * @param forecaster the model and its settings; its {@code maxBatch} is the bundle size
   * @param gapPolicy what to do about windows a sensor missed
   * @param maxGapWindows a gap longer than this resets the sensor's recurrent state
   */
  public SensorReplay(SensorForecaster forecaster, GapPolicy gapPolicy, int maxGapWindows) {
    this.gapPolicy = gapPolicy;
    this.maxGapWindows = maxGapWindows;
    this.stepper = new BundleStepper(forecaster, gapPolicy, maxGapWindows, counts);
    this.bundleSize = forecaster.maxBatch();
    this.bundle = new ArrayList<>(bundleSize);
  }

  /**
   * Serves {@code next} from the next bundle on, as the operator's hot swap does: the sensors keep
   * their states if {@code next}'s states have the same {@link StateShape}, else they start afresh.
   *
   * @throws IllegalArgumentException if {@code next} takes bundles of another size
   */
  public void serve(SensorForecaster next) {
    if (next.maxBatch() != bundleSize) {
      throw new IllegalArgumentException("the replay's bundles hold " + bundleSize + " windows, not " + next.maxBatch());
    }
    if (!next.stateShape().equals(stepper.forecaster().stateShape())) {
      states.clear();
    }
    stepper = new BundleStepper(next, gapPolicy, maxGapWindows, counts);
  }

  /** The forecaster serving now. */
  public SensorForecaster forecaster() {
    return stepper.forecaster();
  }

  /** Calls {@code listener} with every observed window and its sensor's state right after its step. */
  public void afterEachStep(BiConsumer<ReplayWindow, float[]> listener) {
    this.afterStep = listener;
  }

  /** Replays {@code windows} in their order and passes every observed window's forecast to {@code sink}. */
  public void replay(Iterable<ReplayWindow> windows, Consumer<ReplayForecast> sink) {
    for (ReplayWindow window : windows) {
      bundle.add(window);
      if (bundle.size() == bundleSize) {
        flush(sink);
      }
    }
    flush(sink);
  }

  /** As {@link #replay(Iterable, Consumer)}, collecting the forecasts in emission order. */
  public List<ReplayForecast> replay(Iterable<ReplayWindow> windows) {
    List<ReplayForecast> out = new ArrayList<>();
    replay(windows, out::add);
    return out;
  }

  private void flush(Consumer<ReplayForecast> sink) {
    if (bundle.isEmpty()) {
      return;
    }
    SensorForecaster forecaster = stepper.forecaster();
    List<SensorQueue<ReplayWindow>> sensors = stepper.group(bundle, ReplayWindow::sensorId,
        key -> states.computeIfAbsent(key, k -> forecaster.newSensor()));
    bundle.clear();
    stepper.step(sensors, (window, batch, row, missed) -> {
      sink.accept(ReplayForecast.of(window, batch, row, forecaster.isAnomaly(batch.score(row)), missed));
      afterStep.accept(window, batch.sensorState(row));
    });
  }

  /** Missed windows stepped through on the model's own forecasts so far. */
  public long imputedWindows() {
    return counts.imputedWindows;
  }

  /** Recurrent states reset by gaps so far. */
  public long stateResets() {
    return counts.stateResets;
  }

  /** Windows skipped as stale (at or before their sensor's last window) so far. */
  public long staleWindows() {
    return counts.staleWindows;
  }

  private static final class Counts implements SensorEvents {
    private long imputedWindows;
    private long stateResets;
    private long staleWindows;

    @Override
    public void imputedWindow() {
      imputedWindows++;
    }

    @Override
    public void stateReset() {
      stateResets++;
    }

    @Override
    public void staleWindow() {
      staleWindows++;
    }
  }
}
