/**
 * Per-sensor tumbling event-time windows: {@link io.flowcast.flink.window.WindowFeaturesAggregate}
 * folds a window's readings, {@link io.flowcast.flink.window.WindowFeaturesFunction} emits
 * {@link io.flowcast.flink.window.WindowFeatures} when the window closes.
 */
package io.flowcast.flink.window;
