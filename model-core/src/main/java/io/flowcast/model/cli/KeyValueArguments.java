package io.flowcast.model.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits command-line arguments {@code --key value} or {@code --key=value} into keys and values,
 * in the order given. What the keys mean is the caller's business; this only checks the shape.
 */
public final class KeyValueArguments {
  private KeyValueArguments() {}

  /**
   * @return every key (without its {@code --}) with its value
   * @throws IllegalArgumentException naming the argument, for one that is not {@code --key}, a key
   *     without a value, or a key given twice
   */
  public static Map<String, String> parse(String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("expected --key value or --key=value, got '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      String key = equals >= 0 ? arg.substring(2, equals) : arg.substring(2);
      if (equals < 0 && i + 1 == args.length) {
        throw new IllegalArgumentException("missing value for --" + key);
      }
      String value = equals >= 0 ? arg.substring(equals + 1) : args[++i];
      if (values.put(key, value) != null) {
        throw new IllegalArgumentException("option '" + key + "' given more than once");
      }
    }
    return values;
  }
}
