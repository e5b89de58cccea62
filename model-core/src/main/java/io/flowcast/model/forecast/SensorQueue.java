package io.flowcast.model.forecast;

import java.util.ArrayDeque;

/**
 * One sensor's part of a bundle during a flush: its state, read once, and its windows in arrival
 * order. Each round of the flush takes at most one row from it: first the imputed windows of a gap
 * (under {@link GapPolicy#IMPUTE}), then the observed window, so that a sensor's steps run in time
 * order whatever else is in the bundle. A window at or before the sensor's last window is stale and
 * skipped (it does not hide a gap after it). See {@link BundleStepper}, which drives the rounds.
 *
 * @param <W> the windows' type
 */
public final class SensorQueue<W extends ClosedWindow> {
  /** What the last {@link #addNextRow} added. */
  enum Row { NONE, IMPUTED, OBSERVED }

  private final Object key;
  private final SensorState state;
  private final ArrayDeque<W> windows = new ArrayDeque<>();
  private final GapPolicy gapPolicy;
  private final int maxGapWindows;
  private final SensorEvents events;
  private int imputationsLeft = -1; // -1: the head window's gap is not resolved yet
  private int missedWindows;
  private W lastObserved;

  SensorQueue(Object key, SensorState state, GapPolicy gapPolicy, int maxGapWindows, SensorEvents events) {
    this.key = key;
    this.state = state;
    this.gapPolicy = gapPolicy;
    this.maxGapWindows = maxGapWindows;
    this.events = events;
  }

  /** The sensor's key. */
  public Object key() {
    return key;
  }

  /** The sensor's state, updated in place by the flush. */
  public SensorState state() {
    return state;
  }

  void add(W window) {
    windows.add(window);
  }

  boolean isDone() {
    return windows.isEmpty();
  }

  /** The window whose row was added last as observed; valid until the next call. */
  W observed() {
    return lastObserved;
  }

  /** Gap before the window returned by {@link #observed()}. */
  int missedWindows() {
    return missedWindows;
  }

  /** Adds this sensor's next row to {@code batch}, if it has one. */
  Row addNextRow(WindowBatch batch, SensorForecaster forecaster) {
    while (!windows.isEmpty()) {
      W head = windows.peek();
      if (imputationsLeft < 0 && !resolveGap(head, forecaster)) {
        windows.poll();
        continue;
      }
      long size = head.end() - head.start();
      if (imputationsLeft > 0) {
        imputationsLeft--;
        long imputedStart = state.lastWindowStart() + size;
        batch.addImputed(state.values(), imputedStart);
        state.setLastWindowStart(imputedStart);
        events.imputedWindow();
        return Row.IMPUTED;
      }
      batch.addObserved(state.values(), head.start(), (float) head.mean());
      state.setLastWindowStart(head.start());
      lastObserved = windows.poll();
      imputationsLeft = -1;
      return Row.OBSERVED;
    }
    return Row.NONE;
  }

  /**
   * Decides how to treat the gap before {@code head}; false if the window is stale (it then stays
   * unresolved, so that the next window gets its own decision).
   */
  private boolean resolveGap(W head, SensorForecaster forecaster) {
    missedWindows = 0;
    long last = state.lastWindowStart();
    if (last == SensorState.NO_WINDOW) {
      imputationsLeft = 0;
      return true;
    }
    long size = head.end() - head.start();
    long distance = head.start() - last;
    if (distance <= 0) {
      events.staleWindow();
      return false;
    }
    // a distance that is not a whole number of windows (the window size changed): reset
    boolean aligned = distance % size == 0;
    long missed = aligned ? distance / size - 1 : distance / size;
    missedWindows = (int) Math.min(missed, Integer.MAX_VALUE);
    imputationsLeft = 0;
    if (aligned && missed == 0) {
      return true;
    }
    GapPolicy action = aligned ? gapPolicy.onGap(missed, maxGapWindows) : GapPolicy.RESET;
    if (action == GapPolicy.RESET) {
      forecaster.resetRecurrentState(state.values());
      events.stateReset();
    } else if (action == GapPolicy.IMPUTE) {
      imputationsLeft = (int) missed;
    }
    return true;
  }
}
