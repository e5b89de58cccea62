/**
 * From Kafka records to valid readings: decoding and validation
 * ({@link io.flowcast.flink.ingest.ReadingDeserializationSchema}), event-time assignment, and
 * dead letters for everything that cannot be used, each with a
 * {@link io.flowcast.flink.ingest.DeadLetterReason} and a {@code deadLetters.<REASON>} counter.
 */
package io.flowcast.flink.ingest;
