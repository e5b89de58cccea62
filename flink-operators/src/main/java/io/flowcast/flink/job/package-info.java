/**
 * The job's configuration ({@link io.flowcast.flink.job.ForecastOptions},
 * {@link io.flowcast.flink.job.CommandLineConfiguration}), its Kafka source and sinks, and the
 * assembly of its graph ({@link io.flowcast.flink.job.IngestPipeline}).
 */
package io.flowcast.flink.job;
