/**
 * The embedded demo: a seeded fleet of simulated sensors with injected anomalies
 * ({@link io.flowcast.flink.demo.SensorFleetSimulator}), pretraining of the demo model on its
 * history ({@link io.flowcast.flink.demo.ModelPretrainer}), an offline replay through the streaming
 * forecaster ({@link io.flowcast.flink.demo.ForecastEvaluator}), the tally the demo prints
 * ({@link io.flowcast.flink.demo.DemoScoreboard}), the {@code train} and {@code evaluate}
 * commands, and the {@code demo} command ({@link io.flowcast.flink.demo.DemoCommand}), which runs
 * the fleet through the job on an in-process Kafka broker and Flink mini cluster.
 */
package io.flowcast.flink.demo;
