package io.flowcast.model.finetune;

import io.flowcast.model.forecast.ForecastTarget;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.forecast.WindowHistory;
import java.util.Optional;

/**
 * Cuts {@link TrainingSample}s from a sensor's {@link WindowHistory} after one of its windows has
 * been stepped: once the history holds a sample's steps and the horizon after them, and
 * {@link SampleSettings#sampleEvery()} windows have passed since the sensor's last sample, the
 * oldest {@link SampleSettings#steps()} steps become a sample whose targets are the next
 * {@code horizon} windows' values under each step's own mean and scale, exactly as the forecaster
 * reads its head. Step weights: 0 in the burn-in and for the steps the settings leave out (see
 * {@link SampleSettings}), else 1. A sample whose every step is left out is not made.
 */
public final class SampleCutter {
  /** What {@link #cut} did. */
  public enum Outcome { NOT_DUE, ALL_EXCLUDED, CUT }

  private final SampleSettings settings;
  private final int horizon;
  private final ForecastTarget target;

  /**
   * @param horizon outputs of the model's head per step
   * @param target what the head outputs, as the forecaster serves it
   */
  public SampleCutter(SampleSettings settings, int horizon, ForecastTarget target) {
    this.settings = settings;
    this.horizon = horizon;
    this.target = target;
  }

  /** Windows of history the forecaster must keep per sensor. */
  public int historySteps() {
    return settings.historySteps(horizon);
  }

  /** Whether the sensor holds a sample's windows and its last sample is far enough back. */
  public boolean isDue(float[] state, WindowHistory history) {
    return history.filled(state) >= historySteps() && history.sinceSample(state) >= settings.sampleEvery();
  }

  /** The result of one {@link #cut}: the outcome and, when {@link Outcome#CUT}, the sample. */
  public record Cut(Outcome outcome, Optional<TrainingSample> sample) {}

  /**
   * Cuts a sample from {@code state} if one is due, and then restarts the sensor's count towards
   * the next.
   *
   * @param windowStart start of the window just stepped (the sample's reference time)
   */
  public Cut cut(String sensorId, long windowStart, float[] state, WindowHistory history) {
    if (!isDue(state, history)) {
      return new Cut(Outcome.NOT_DUE, Optional.empty());
    }
    history.markSampled(state);
    int steps = settings.steps();
    float[] inputs = new float[steps * WindowEncoding.INPUT_SIZE];
    float[] targets = new float[steps * horizon];
    float[] weights = new float[steps];
    boolean any = false;
    for (int t = 0; t < steps; t++) {
      for (int j = 0; j < WindowEncoding.INPUT_SIZE; j++) {
        inputs[t * WindowEncoding.INPUT_SIZE + j] = history.input(state, t, j);
      }
      boolean counts = t >= settings.burnIn() && (settings.includeWarmUp()
          || (history.flags(state, t) & WindowHistory.WARM_UP) == 0);
      for (int k = 0; k < horizon; k++) {
        int later = t + 1 + k;
        targets[t * horizon + k] = history.target(state, t, later, target);
        counts &= !excluded(history.flags(state, later));
      }
      weights[t] = counts ? 1 : 0;
      any |= counts;
    }
    if (!any) {
      return new Cut(Outcome.ALL_EXCLUDED, Optional.empty());
    }
    return new Cut(Outcome.CUT, Optional.of(
        new TrainingSample(sensorId, windowStart, steps, horizon, inputs, targets, weights)));
  }

  private boolean excluded(int flags) {
    return (!settings.includeAnomalies() && (flags & WindowHistory.ANOMALOUS) != 0)
        || (!settings.includeImputed() && (flags & WindowHistory.IMPUTED) != 0);
  }
}
