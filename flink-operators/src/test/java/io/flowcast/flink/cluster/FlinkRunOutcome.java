package io.flowcast.flink.cluster;

/**
 * How one {@code flink run} client JVM ended.
 *
 * @param exitCode the client's exit code: 0 once the job is submitted
 * @param output everything the client printed (stdout and stderr)
 */
public record FlinkRunOutcome(int exitCode, String output) {}
