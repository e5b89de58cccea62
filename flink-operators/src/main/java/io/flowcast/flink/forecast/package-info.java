/**
 * The forecasting stage: {@link io.flowcast.flink.forecast.ForecastOperator} keeps each sensor's
 * {@link io.flowcast.model.forecast.SensorState} in keyed state and advances many sensors per
 * batched model step (model-core's {@code SensorForecaster}), with the gap policy, state TTL and
 * the model's source as configured in {@link io.flowcast.flink.forecast.ForecastOperatorConfig}.
 */
package io.flowcast.flink.forecast;
