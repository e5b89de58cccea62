package io.flowcast.model.history;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Reads a history file's timestamps as epoch milliseconds:
 *
 * <ul>
 *   <li>ISO-8601 with a zone or offset: {@code 2014-04-01T00:00:00Z}, {@code 2014-04-01T02:00+02:00};
 *   <li>ISO-8601 without one, with {@code T} or a space between date and time, read as UTC:
 *       {@code 2014-04-01 00:00:00} (as in NAB), {@code 2014-04-01T00:00:00.250}; or a date alone
 *       (midnight UTC);
 *   <li>epoch numbers, optionally with a fraction: seconds below {@value #MILLIS_FROM} in magnitude
 *       (up to the year 5138), milliseconds from there on ({@code 1396310400} and
 *       {@code 1396310400000} are the same instant).
 * </ul>
 */
public final class Timestamps {
  /** Epoch numbers of at least this magnitude are milliseconds, smaller ones seconds. */
  public static final long MILLIS_FROM = 100_000_000_000L;

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  private Timestamps() {}

  /**
   * {@link #parseMillis(String)} of a timestamp on line {@code line} of {@code file}.
   *
   * @throws HistoryFormatException naming the file and line, saying what is wrong with it
   */
  public static long parseMillis(Path file, long line, String text) throws HistoryFormatException {
    try {
      return parseMillis(text);
    } catch (IllegalArgumentException e) {
      throw new HistoryFormatException(file, line, e.getMessage());
    }
  }

  /**
   * Parses one timestamp.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static long parseMillis(String text) {
    String value = text.strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty timestamp");
    }
    try {
      if (NUMBER.matcher(value).matches()) {
        BigDecimal number = new BigDecimal(value);
        BigDecimal millis = number.abs().compareTo(BigDecimal.valueOf(MILLIS_FROM)) >= 0
            ? number : number.movePointRight(3);
        return millis.setScale(0, RoundingMode.FLOOR).longValueExact();
      }
      return parseIso(value.replace(' ', 'T').replaceFirst("T(?=[+-]\\d|Z)", ""));
    } catch (ArithmeticException | DateTimeParseException e) {
      throw new IllegalArgumentException("unparsable timestamp '" + text + "' (ISO-8601, e.g. "
          + "2014-04-01 00:00:00 or 2014-04-01T00:00:00Z, or epoch seconds or milliseconds)");
    }
  }

  private static long parseIso(String value) {
    if (value.length() == 10) {
      return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    try {
      return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
    } catch (DateTimeParseException withoutOffset) {
      return LocalDateTime.parse(value, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
  }
}
