package io.flowcast.flink.forecast;

/**
 * What the {@link ForecastOperator} does with a restored sensor state written by a model of
 * another {@link io.flowcast.model.forecast.StateShape} than the one it serves (option {@code
 * state.on-shape-mismatch}). Sensors restarted by a hot swap to another shape are restarted
 * whatever the policy, since the job itself changed the shape.
 */
public enum ShapeMismatchPolicy {
  /** The sensor starts afresh, counted in {@code stateShapeResets}. */
  RESET,
  /** The task fails, naming both shapes. */
  FAIL
}
