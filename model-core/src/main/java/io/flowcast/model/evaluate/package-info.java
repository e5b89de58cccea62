/**
 * Evaluating forecasts and anomaly scores on recorded data (CSV files) through the job's
 * per-sensor code.
 */
package io.flowcast.model.evaluate;
