package io.flowcast.model.forecast;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Steps a bundle of closed windows of many sensors through a {@link SensorForecaster}, as the
 * Flink ForecastOperator does on every flush and the offline {@link SensorReplay} does on its
 * bundles: {@link #group} sorts the bundle into one {@link SensorQueue} per sensor (arrival order,
 * each sensor's state read once), then {@link #step} runs rounds of one batched model step, each
 * taking at most one row per sensor (the imputed windows of a gap first, then the observed window,
 * stale windows skipped), until every queue is empty. Each observed window's results go to an
 * {@link ObservedWindowSink}; imputed windows are neither scored nor emitted.
 */
public final class BundleStepper {
  private final SensorForecaster forecaster;
  private final WindowBatch batch;
  private final GapPolicy gapPolicy;
  private final int maxGapWindows;
  private final SensorEvents events;

  /** Reads a sensor's state by key, once per bundle. */
  @FunctionalInterface
  public interface StateLoader<E extends Exception> {
    SensorState load(Object key) throws E;
  }

  /** Receives one observed window's results: row {@code row} of {@code batch}. */
  @FunctionalInterface
  public interface ObservedWindowSink<W> {
    void accept(W window, WindowBatch batch, int row, int missedWindows);
  }

  /**
   * @param forecaster the model and its encoding; a bundle's rounds hold at most its
   *     {@link SensorForecaster#maxBatch()} sensors
   * @param gapPolicy what to do about windows a sensor missed
   * @param maxGapWindows a gap longer than this resets the sensor's recurrent state, >= 0
   * @param events where imputed, reset and stale windows are counted
   */
  public BundleStepper(SensorForecaster forecaster, GapPolicy gapPolicy, int maxGapWindows, SensorEvents events) {
    if (maxGapWindows < 0) {
      throw new IllegalArgumentException("max gap must be >= 0 windows, got " + maxGapWindows);
    }
    this.forecaster = forecaster;
    this.batch = new WindowBatch(forecaster.maxBatch(), forecaster.settings().horizon());
    this.gapPolicy = gapPolicy;
    this.maxGapWindows = maxGapWindows;
    this.events = events;
  }

  public SensorForecaster forecaster() {
    return forecaster;
  }

  /**
   * Groups {@code windows} by sensor in arrival order; each sensor's state is loaded once, in the
   * order of the sensors' first windows.
   */
  public <W extends ClosedWindow, E extends Exception> List<SensorQueue<W>> group(
      List<W> windows, Function<W, Object> keyOf, StateLoader<E> states) throws E {
    Map<Object, SensorQueue<W>> bySensor = new LinkedHashMap<>();
    for (W window : windows) {
      Object key = keyOf.apply(window);
      SensorQueue<W> queue = bySensor.get(key);
      if (queue == null) {
        queue = new SensorQueue<>(key, states.load(key), gapPolicy, maxGapWindows, events);
        bySensor.put(key, queue);
      }
      queue.add(window);
    }
    return new ArrayList<>(bySensor.values());
  }

  /**
   * Steps every window of {@code sensors} (at most {@link SensorForecaster#maxBatch()} sensors) and
   * passes each observed window's results to {@code sink}, round by round. The queues' states are
   * updated in place (or, when a sensor's level warm-up ends, given the forecaster's shorter array).
   */
  public <W extends ClosedWindow> void step(List<SensorQueue<W>> sensors, ObservedWindowSink<W> sink) {
    List<SensorQueue<W>> pending = new ArrayList<>(sensors);
    List<SensorQueue<W>> inRound = new ArrayList<>(sensors.size());
    long stepNanos = 0;
    int stepped = 0;
    while (!pending.isEmpty()) {
      batch.clear();
      inRound.clear();
      for (SensorQueue<W> queue : pending) {
        if (queue.addNextRow(batch, forecaster) != SensorQueue.Row.NONE) {
          inRound.add(queue);
        }
      }
      if (batch.size() > 0) {
        long start = System.nanoTime();
        forecaster.advance(batch);
        stepNanos += System.nanoTime() - start;
        stepped += batch.size();
        for (int row = 0; row < inRound.size(); row++) {
          SensorQueue<W> queue = inRound.get(row);
          queue.state().setValues(batch.sensorState(row)); // shorter once the level warm-up has ended
          if (!batch.isImputed(row)) {
            sink.accept(queue.observed(), batch, row, queue.missedWindows());
          }
        }
      }
      pending.removeIf(SensorQueue::isDone);
    }
    batch.clear();
    events.bundleStepped(stepNanos, stepped);
  }
}
