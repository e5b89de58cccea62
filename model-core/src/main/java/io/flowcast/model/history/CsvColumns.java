package io.flowcast.model.history;

/**
 * Which columns of a history CSV hold what (by header name).
 *
 * @param time the timestamp column ({@link Timestamps})
 * @param value the reading's value
 * @param sensor the sensor id column, or null: one sensor per file
 */
public record CsvColumns(String time, String value, String sensor) {

  /** {@code timestamp} and {@code value}, one sensor per file. */
  public static CsvColumns defaults() {
    return new CsvColumns("timestamp", "value", null);
  }
}
