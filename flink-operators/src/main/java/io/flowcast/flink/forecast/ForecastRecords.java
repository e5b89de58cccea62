package io.flowcast.flink.forecast;

import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.forecast.WindowBatch;
import io.flowcast.schemas.Forecast;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Turns a forecaster's results for one observed window into the Avro {@link Forecast}. */
final class ForecastRecords {
  private ForecastRecords() {}

  static Forecast of(WindowFeatures window, WindowBatch batch, int row, boolean anomaly,
      long modelVersion, int missedWindows) {
    int horizon = batch.horizon();
    List<Double> forecasts = new ArrayList<>(horizon);
    List<Double> lower = new ArrayList<>(horizon);
    List<Double> upper = new ArrayList<>(horizon);
    for (int k = 0; k < horizon; k++) {
      forecasts.add((double) batch.forecast(row, k));
      lower.add((double) batch.lower(row, k));
      upper.add((double) batch.upper(row, k));
    }
    return Forecast.newBuilder()
        .setSensorId(window.sensorId)
        .setWindowStart(Instant.ofEpochMilli(window.windowStart))
        .setWindowEnd(Instant.ofEpochMilli(window.windowEnd))
        .setForecasts(forecasts)
        .setLower(lower)
        .setUpper(upper)
        .setActual(window.mean)
        .setResidual(orNull(batch.residual(row)))
        .setAnomalyScore(orNull(batch.score(row)))
        .setAnomaly(anomaly)
        .setModelVersion(modelVersion)
        .setMissedWindows(missedWindows)
        .setWindowClosedAt(window.closedAt == 0 ? null : Instant.ofEpochMilli(window.closedAt))
        .build();
  }

  private static Double orNull(float value) {
    return Float.isNaN(value) ? null : (double) value;
  }
}
