package io.flowcast.model.forecast;

/**
 * What the job's ForecastOperator (through {@link SensorQueue}; offline {@link SensorReplay})
 * does when a sensor's new window is not the one right after its previous window (the sensor sent
 * nothing for {@code missed} windows); the pretrainer's encoder follows it too. Whatever the policy, a gap
 * longer than the configured maximum resets the sensor's recurrent state (its scale and residual
 * history are kept), and the emitted forecast reports {@code missedWindows}.
 */
public enum GapPolicy {
  /**
   * Steps the model through each missed window, feeding it its own forecast, so that its state
   * stays in step with time and season; imputed windows are neither scored nor emitted.
   */
  IMPUTE,
  /** Resets the recurrent state on any gap: the sensor starts afresh with its known scale. */
  RESET,
  /** Steps on as if the new window directly followed the previous one. */
  CONTINUE;

  /**
   * What happens on a gap of {@code missed} (> 0) windows: {@link #RESET} when it is longer than
   * {@code maxGapWindows}, whatever the policy; otherwise this policy. The one rule for the job
   * and for training.
   */
  public GapPolicy onGap(long missed, int maxGapWindows) {
    return missed > maxGapWindows ? RESET : this;
  }
}
