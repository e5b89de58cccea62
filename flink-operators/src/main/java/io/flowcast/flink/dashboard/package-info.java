/**
 * The live forecasting dashboard ({@code flowcast dashboard}, also started by {@code flowcast
 * demo}): a read-committed Kafka consumer of the forecasts, anomalies and dead-letters topics
 * ({@link io.flowcast.flink.dashboard.DashboardFeed}) keeps a bounded history per sensor
 * ({@link io.flowcast.flink.dashboard.SensorHistories}) and fleet figures
 * ({@link io.flowcast.flink.dashboard.FleetStats}); the JDK's HTTP server
 * ({@link io.flowcast.flink.dashboard.DashboardServer}) serves a page charted with uPlot (from its
 * WebJar) and streams each browser only the sensors it follows, as server-sent events.
 */
package io.flowcast.flink.dashboard;
