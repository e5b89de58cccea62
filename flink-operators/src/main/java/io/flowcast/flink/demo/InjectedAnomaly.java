package io.flowcast.flink.demo;

/**
 * A window in which the simulator shifted all of one sensor's readings by a spike.
 *
 * @param sensorId the sensor, e.g. {@code sensor-0007}
 * @param windowStart start of the event-time window, epoch milliseconds
 */
public record InjectedAnomaly(String sensorId, long windowStart) {}
