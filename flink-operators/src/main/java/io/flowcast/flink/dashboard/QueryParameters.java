package io.flowcast.flink.dashboard;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The decoded parameters of a request URI's query, in order, repeated names included. */
final class QueryParameters {
  private final List<String[]> pairs = new ArrayList<>();

  QueryParameters(URI uri) {
    String query = uri.getRawQuery();
    if (query == null || query.isEmpty()) {
      return;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      pairs.add(new String[] {decode(name), decode(value)});
    }
  }

  /** Every value of {@code name}, in order. */
  List<String> all(String name) {
    List<String> values = new ArrayList<>();
    for (String[] pair : pairs) {
      if (pair[0].equals(name)) {
        values.add(pair[1]);
      }
    }
    return values;
  }

  /** The first value of {@code name}, or {@code fallback}. */
  String first(String name, String fallback) {
    List<String> values = all(name);
    return values.isEmpty() ? fallback : values.get(0);
  }

  /** The first value of {@code name} as an int in [1, max], or {@code fallback} if absent or not one. */
  int intIn(String name, int max, int fallback) {
    try {
      int value = Integer.parseInt(first(name, ""));
      return value >= 1 && value <= max ? value : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
