/**
 * The embedded demo's Flink-free parts: a seeded fleet of simulated sensors with injected anomalies
 * ({@link io.flowcast.flink.demo.SensorFleetSimulator}), pretraining of the demo model on its
 * history ({@link io.flowcast.flink.demo.ModelPretrainer}), an offline replay through the streaming
 * forecaster ({@link io.flowcast.flink.demo.ForecastEvaluator}), the tally the demo prints
 * ({@link io.flowcast.flink.demo.DemoScoreboard}), and the {@code train} and {@code evaluate}
 * commands.
 */
package io.flowcast.flink.demo;
