package io.flowcast.model.forecast;

/**
 * What happened to sensors' windows besides being forecast, as a {@link SensorQueue} decides it:
 * the Flink operator counts these (and the model's step time) in its metrics, the offline {@link SensorReplay} in its summary.
 */
public interface SensorEvents {
  /** A missed window was stepped through on the model's own forecast ({@link GapPolicy#IMPUTE}). */
  void imputedWindow();

  /** A sensor's recurrent state was reset (a gap, or state that does not fit the model). */
  void stateReset();

  /** A window at or before the sensor's last window was skipped. */
  void staleWindow();

  /**
   * A bundle's model steps took {@code nanos} in all for {@code windows} windows (imputed ones
   * included); only the batched steps are timed, not the bookkeeping around them.
   */
  default void bundleStepped(long nanos, int windows) {}
}
