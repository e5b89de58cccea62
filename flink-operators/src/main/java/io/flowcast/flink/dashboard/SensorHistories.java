package io.flowcast.flink.dashboard;

import io.flowcast.schemas.Forecast;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every sensor's {@link SensorHistory}, at most {@code capacity} windows each, so that memory grows
 * with the number of sensors and never with time. One writer (the feed) and any number of readers
 * (the HTTP threads); each history is guarded by its own lock.
 */
final class SensorHistories {
  /** Most anomalous first: flagged windows held, then the highest score, then the id. */
  private static final Comparator<SensorSummary> MOST_ANOMALOUS_FIRST =
      Comparator.comparingInt(SensorSummary::anomalies).reversed()
          .thenComparing(SensorSummary::maxScore, Comparator.nullsLast(Comparator.reverseOrder()))
          .thenComparing(SensorSummary::id);

  private final int capacity;
  private final Map<String, SensorHistory> histories = new ConcurrentHashMap<>();

  /** @param capacity windows kept per sensor, >= 1 */
  SensorHistories(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("history must be >= 1 windows, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Adds a forecast to its sensor's history.
   *
   * @return false if it was not newer than the sensor's newest window (ignored)
   */
  boolean add(Forecast forecast) {
    String id = forecast.getSensorId();
    SensorHistory history = histories.computeIfAbsent(id, key -> new SensorHistory(key, capacity));
    synchronized (history) {
      return history.add(forecast);
    }
  }

  /** Sensors seen. */
  int sensors() {
    return histories.size();
  }

  /** Windows held over all sensors (at most sensors() x capacity). */
  long windowsHeld() {
    long total = 0;
    for (SensorHistory history : histories.values()) {
      synchronized (history) {
        total += history.size();
      }
    }
    return total;
  }

  /**
   * The sensors whose id contains {@code query} (case-insensitive; empty: all), most anomalous
   * first, at most {@code limit}.
   */
  List<SensorSummary> find(String query, int limit) {
    String needle = query.toLowerCase(Locale.ROOT);
    List<SensorSummary> found = new ArrayList<>();
    for (SensorHistory history : histories.values()) {
      if (needle.isEmpty() || history.sensorId().toLowerCase(Locale.ROOT).contains(needle)) {
        synchronized (history) {
          float max = history.maxAnomalyScore();
          found.add(new SensorSummary(history.sensorId(), history.anomalies(),
              Float.isNaN(max) ? null : (double) max));
        }
      }
    }
    found.sort(MOST_ANOMALOUS_FIRST);
    return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
  }

  /**
   * Appends the sensor's newest {@code last} windows as JSON ({@link SensorHistory#appendJson}).
   *
   * @return false (nothing appended) if the sensor is unknown
   */
  boolean appendJson(String sensorId, int last, StringBuilder out) {
    SensorHistory history = histories.get(sensorId);
    if (history == null) {
      return false;
    }
    synchronized (history) {
      history.appendJson(out, last);
    }
    return true;
  }

  /**
   * One sensor in the picker.
   *
   * @param anomalies flagged windows in its history
   * @param maxScore highest score of a flagged window, null if none
   */
  record SensorSummary(String id, int anomalies, Double maxScore) {
    void appendJson(StringBuilder out) {
      Json.string(out.append("{\"id\":"), id).append(",\"anomalies\":").append(anomalies);
      Json.number(out.append(",\"maxScore\":"), maxScore == null ? Double.NaN : maxScore).append('}');
    }
  }
}
