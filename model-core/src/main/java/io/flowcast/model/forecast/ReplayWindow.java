package io.flowcast.model.forecast;

/**
 * A sensor's closed window for the offline {@link SensorReplay}.
 *
 * @param sensorId the sensor
 * @param start start of the window, epoch milliseconds
 * @param end end of the window (exclusive)
 * @param mean the window's value, the mean of its readings
 */
public record ReplayWindow(String sensorId, long start, long end, double mean) implements ClosedWindow {}
