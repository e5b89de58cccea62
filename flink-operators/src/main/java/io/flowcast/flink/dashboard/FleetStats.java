package io.flowcast.flink.dashboard;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The fleet strip's figures, as the dashboard sees them on Kafka: forecasts per second (forecast
 * records read, over the last 10 s), anomalies per minute (records read from the anomalies topic
 * in the last minute), readings per second (growth of the readings topic's end offsets over the
 * last 10 s: records appended, whatever reads them), dead letters by reason (records read from the
 * dead-letters topic since the dashboard started reading it from the beginning), the newest model
 * version seen on a forecast, and the records of each topic that could not be decoded (counted,
 * skipped). Thread-safe.
 */
final class FleetStats {
  private static final int RATE_SECONDS = 10;
  private static final int MINUTE = 60;

  private final RateMeter forecasts;
  private final RateMeter anomalies;
  private final RateMeter readings;
  private final Map<String, Long> deadLetters = new TreeMap<>();
  private final Map<String, Long> undecodable = new TreeMap<>();
  private long forecastsRead;
  private long modelVersion = -1;
  private long readingsEndOffset = -1;

  FleetStats(LongSupplier clockMillis) {
    forecasts = new RateMeter(RATE_SECONDS, clockMillis);
    anomalies = new RateMeter(MINUTE, clockMillis);
    readings = new RateMeter(RATE_SECONDS, clockMillis);
  }

  void forecast(long version) {
    forecasts.mark(1);
    synchronized (this) {
      forecastsRead++;
      modelVersion = Math.max(modelVersion, version);
    }
  }

  void anomaly() {
    anomalies.mark(1);
  }

  synchronized void deadLetter(String reason) {
    deadLetters.merge(reason, 1L, Long::sum);
  }

  synchronized void undecodable(String topic) {
    undecodable.merge(topic, 1L, Long::sum);
  }

  /** The readings topic's summed end offsets now; the first call only sets the baseline. */
  void readingsEndOffset(long endOffset) {
    long appended;
    synchronized (this) {
      appended = readingsEndOffset < 0 ? 0 : Math.max(0, endOffset - readingsEndOffset);
      readingsEndOffset = endOffset;
    }
    readings.mark(appended);
  }

  synchronized long forecastsRead() {
    return forecastsRead;
  }

  synchronized long undecodableRecords() {
    return undecodable.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * {@code {"readingsPerSecond", "forecastsPerSecond", "anomaliesPerMinute", "deadLetters": {reason:
   * n}, "undecodable": {topic: n}, "modelVersion" (null before the first forecast), "forecastsRead",
   * "sensors"}}.
   */
  void appendJson(StringBuilder out, int sensors) {
    Json.number(out.append("{\"readingsPerSecond\":"), readings.perSecond(RATE_SECONDS));
    Json.number(out.append(",\"forecastsPerSecond\":"), forecasts.perSecond(RATE_SECONDS));
    out.append(",\"anomaliesPerMinute\":").append(anomalies.countOverLast(MINUTE));
    synchronized (this) {
      appendCounts(out.append(",\"deadLetters\":"), deadLetters);
      appendCounts(out.append(",\"undecodable\":"), undecodable);
      out.append(",\"modelVersion\":").append(modelVersion < 0 ? "null" : Long.toString(modelVersion));
      out.append(",\"forecastsRead\":").append(forecastsRead);
    }
    out.append(",\"sensors\":").append(sensors).append('}');
  }

  private static void appendCounts(StringBuilder out, Map<String, Long> counts) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      Json.string(out, entry.getKey()).append(':').append(entry.getValue());
    }
    out.append('}');
  }
}
