package io.flowcast.flink.dashboard;

/** The few JSON literals the dashboard writes: strings with escapes, and numbers that may be missing. */
final class Json {
  private Json() {}

  /** Appends {@code value} as a JSON string. */
  static StringBuilder string(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** Appends {@code value}, or {@code null} when it is NaN or infinite (JSON has no such numbers). */
  static StringBuilder number(StringBuilder out, double value) {
    if (Double.isFinite(value)) {
      if (value == Math.rint(value) && Math.abs(value) < 1e15) {
        return out.append((long) value);
      }
      return out.append(value);
    }
    return out.append("null");
  }

  /** Appends {@code value} in its shortest float form, or {@code null} when it is NaN or infinite. */
  static StringBuilder number(StringBuilder out, float value) {
    return Float.isFinite(value) ? out.append(value) : out.append("null");
  }
}
