/**
 * The embedded demo: a seeded fleet of simulated sensors with injected anomalies
 * ({@link io.flowcast.flink.demo.SensorFleetSimulator}), its anomaly-free history as the
 * {@code train --simulated} source ({@link io.flowcast.flink.demo.SimulatedFleetHistory}; the
 * training itself is model-core's), the evaluation of a model on a fresh fleet through model-core's
 * offline replay ({@link io.flowcast.flink.demo.ForecastEvaluator}), the tally the demo prints
 * ({@link io.flowcast.flink.demo.DemoScoreboard}), the {@code evaluate} command, and the
 * {@code demo} command ({@link io.flowcast.flink.demo.DemoCommand}), which runs the fleet through
 * the job on an in-process Kafka broker and Flink mini cluster.
 */
package io.flowcast.flink.demo;
