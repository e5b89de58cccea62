package io.flowcast.model.history;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line (RFC 4180: comma-separated, fields optionally in double quotes, a quote
 * inside a quoted field doubled). Fields are stripped of surrounding blanks.
 */
public final class CsvFields {
  private CsvFields() {}

  /**
   * {@link #split(String)} of line {@code line} of {@code file}.
   *
   * @throws HistoryFormatException naming the file and line, on a quote that is not closed
   */
  public static List<String> split(Path file, long line, String text) throws HistoryFormatException {
    try {
      return split(text);
    } catch (IllegalArgumentException e) {
      throw new HistoryFormatException(file, line, e.getMessage());
    }
  }

  /**
   * @throws IllegalArgumentException on a quote that is not closed on the line
   */
  public static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString().strip());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quoted field is not closed");
    }
    fields.add(field.toString().strip());
    return fields;
  }
}
