/**
 * Per-sensor statistics around the model, kept in flat float state like the recurrent state:
 * running scale of a sensor ({@link io.flowcast.model.forecast.ExponentialStats}, used to
 * normalise inputs so one shared model serves sensors of any scale) and anomaly scores and
 * prediction intervals from residual statistics ({@link io.flowcast.model.forecast.AnomalyScorer}).
 * No Flink: the ForecastOperator holds these buffers in keyed state.
 */
package io.flowcast.model.forecast;
