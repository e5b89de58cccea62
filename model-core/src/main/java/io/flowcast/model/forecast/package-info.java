/**
 * The streaming forecasting math, free of Flink: {@link io.flowcast.model.forecast.SensorForecaster}
 * advances a bundle of sensors ({@link io.flowcast.model.forecast.WindowBatch}) by one closed window
 * each in one batched model step, and turns the model's output into forecasts, prediction
 * intervals and anomaly scores. Everything a sensor needs lives in one flat float array
 * ({@link io.flowcast.model.forecast.SensorStateLayout}): recurrent state, its running scale
 * ({@link io.flowcast.model.forecast.ExponentialStats}, so one shared model serves sensors of any
 * scale), residual statistics ({@link io.flowcast.model.forecast.AnomalyScorer}) and its last
 * forecasts. {@link io.flowcast.model.forecast.WindowEncoding} defines what the model sees and
 * {@link io.flowcast.model.forecast.ForecastTrainingData} prepares training data the same way.
 */
package io.flowcast.model.forecast;
