package io.flowcast.flink.dashboard;

import io.flowcast.schemas.Forecast;
import java.util.List;

/**
 * The last {@code capacity} forecasts of one sensor, in a ring of primitive arrays (37 bytes per
 * window: its start, the actual, the one-step-ahead forecast with its interval, the anomaly score
 * and flag, the model version), plus the newest forecast's whole horizon.
 * Windows at or before the newest one are ignored (a replayed or duplicated record). Not
 * thread-safe: {@link SensorHistories} guards each history with its own lock.
 *
 * <p>On the wire (see {@link #appendJson}) a window is {@code {"t": start ms, "a": actual,
 * "f"/"lo"/"hi": forecast and interval for the window starting at t + len, "s": score or null,
 * "x": flagged, "v": model version}}.
 */
final class SensorHistory {
  private final String sensorId;
  private final long[] starts;
  private final float[] actuals;
  private final float[] forecasts;
  private final float[] lowers;
  private final float[] uppers;
  private final float[] scores;
  private final boolean[] flags;
  private final long[] versions;
  private int newest = -1;
  private int size;
  private long windowMillis;
  private double[] horizon = new double[0];
  private double[] horizonLower = new double[0];
  private double[] horizonUpper = new double[0];
  private int anomalies;
  private float maxScore = Float.NaN;

  SensorHistory(String sensorId, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("history capacity must be >= 1, got " + capacity);
    }
    this.sensorId = sensorId;
    starts = new long[capacity];
    actuals = new float[capacity];
    forecasts = new float[capacity];
    lowers = new float[capacity];
    uppers = new float[capacity];
    scores = new float[capacity];
    flags = new boolean[capacity];
    versions = new long[capacity];
  }

  String sensorId() {
    return sensorId;
  }

  /**
   * Adds the forecast of the sensor's newest window.
   *
   * @return false if the window is not newer than the newest held (nothing changed)
   */
  boolean add(Forecast forecast) {
    long start = forecast.getWindowStart().toEpochMilli();
    if (size > 0 && start <= starts[newest]) {
      return false;
    }
    if (size == starts.length && flags[oldest()]) {
      anomalies--;
    }
    newest = (newest + 1) % starts.length;
    size = Math.min(size + 1, starts.length);
    starts[newest] = start;
    actuals[newest] = (float) forecast.getActual();
    forecasts[newest] = first(forecast.getForecasts());
    lowers[newest] = first(forecast.getLower());
    uppers[newest] = first(forecast.getUpper());
    Double score = forecast.getAnomalyScore();
    scores[newest] = score == null ? Float.NaN : score.floatValue();
    flags[newest] = forecast.getAnomaly();
    versions[newest] = forecast.getModelVersion();
    if (flags[newest]) {
      anomalies++;
      if (!(scores[newest] <= maxScore)) {
        maxScore = scores[newest];
      }
    }
    windowMillis = forecast.getWindowEnd().toEpochMilli() - start;
    horizon = toArray(forecast.getForecasts());
    horizonLower = toArray(forecast.getLower());
    horizonUpper = toArray(forecast.getUpper());
    return true;
  }

  /** Windows held, at most the capacity. */
  int size() {
    return size;
  }

  /** Flagged windows among those held. */
  int anomalies() {
    return anomalies;
  }

  /** Highest score of a flagged window since the sensor was first seen; NaN if none was flagged. */
  float maxAnomalyScore() {
    return maxScore;
  }

  /**
   * Appends {@code {"id": ..., "len": window ms, "points": [...], "horizon": {...}}} with the
   * newest {@code last} windows held, oldest first (all of them when {@code last} >= size()); the
   * horizon is the newest forecast's, for the windows from the newest window's end on.
   */
  void appendJson(StringBuilder out, int last) {
    out.append("{\"id\":");
    Json.string(out, sensorId).append(",\"len\":").append(windowMillis).append(",\"points\":[");
    int count = Math.min(last, size);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.append(',');
      }
      appendPoint(out, Math.floorMod(newest - count + 1 + i, starts.length));
    }
    out.append("],\"horizon\":{\"t\":").append(size == 0 ? 0 : starts[newest] + windowMillis);
    appendArray(out.append(",\"f\":"), horizon);
    appendArray(out.append(",\"lo\":"), horizonLower);
    appendArray(out.append(",\"hi\":"), horizonUpper);
    out.append("}}");
  }

  private void appendPoint(StringBuilder out, int i) {
    out.append("{\"t\":").append(starts[i]);
    Json.number(out.append(",\"a\":"), actuals[i]);
    Json.number(out.append(",\"f\":"), forecasts[i]);
    Json.number(out.append(",\"lo\":"), lowers[i]);
    Json.number(out.append(",\"hi\":"), uppers[i]);
    Json.number(out.append(",\"s\":"), scores[i]);
    out.append(",\"x\":").append(flags[i]).append(",\"v\":").append(versions[i]).append('}');
  }

  private int oldest() {
    return Math.floorMod(newest - size + 1, starts.length);
  }

  private static void appendArray(StringBuilder out, double[] values) {
    out.append('[');
    for (int k = 0; k < values.length; k++) {
      if (k > 0) {
        out.append(',');
      }
      Json.number(out, (float) values[k]);
    }
    out.append(']');
  }

  private static float first(List<Double> values) {
    return values.isEmpty() ? Float.NaN : values.get(0).floatValue();
  }

  private static double[] toArray(List<Double> values) {
    double[] array = new double[values.size()];
    for (int k = 0; k < array.length; k++) {
      array[k] = values.get(k);
    }
    return array;
  }
}
