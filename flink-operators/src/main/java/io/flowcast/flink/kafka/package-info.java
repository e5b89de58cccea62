/**
 * Kafka plumbing that is not part of the job graph: {@link io.flowcast.flink.kafka.EmbeddedKafka},
 * an in-process KRaft broker for integration tests and the embedded demo.
 */
package io.flowcast.flink.kafka;
