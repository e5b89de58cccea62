package io.flowcast.flink.demo;

/**
 * One reading of a simulated sensor.
 *
 * @param sensorId e.g. {@code sensor-0007}
 * @param eventTimeMillis event time, epoch milliseconds
 * @param value the reading in the sensor's own units
 */
public record SimulatedReading(String sensorId, long eventTimeMillis, double value) {}
