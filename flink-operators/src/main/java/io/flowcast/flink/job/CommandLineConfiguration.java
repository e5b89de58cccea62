package io.flowcast.flink.job;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;

/**
 * Turns command-line arguments {@code --key value} or {@code --key=value} into a Flink
 * {@link Configuration}. Every key must be one of the options declared in
 * {@link ForecastOptions}, and every value must parse as that option's type; both are checked
 * here, so that a typo fails at start-up rather than silently falling back to a default.
 */
public final class CommandLineConfiguration {
  private static final Map<String, ConfigOption<?>> OPTIONS = declaredOptions();

  private CommandLineConfiguration() {}

  /**
   * @throws IllegalArgumentException naming the key, for an unknown key, a key given twice, a
   *     missing value, a value that does not parse, or an argument that is not {@code --key}
   */
  public static Configuration parse(String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("expected --key value or --key=value, got '" + arg + "'");
      }
      String key;
      String value;
      int equals = arg.indexOf('=');
      if (equals >= 0) {
        key = arg.substring(2, equals);
        value = arg.substring(equals + 1);
      } else {
        key = arg.substring(2);
        if (i + 1 == args.length) {
          throw new IllegalArgumentException("missing value for --" + key);
        }
        value = args[++i];
      }
      if (!OPTIONS.containsKey(key)) {
        throw new IllegalArgumentException("unknown option '" + key + "'; known options: " + OPTIONS.keySet());
      }
      if (values.put(key, value) != null) {
        throw new IllegalArgumentException("option '" + key + "' given more than once");
      }
    }
    Configuration config = Configuration.fromMap(values);
    values.keySet().forEach(key -> checkParses(config, OPTIONS.get(key)));
    return config;
  }

  private static void checkParses(Configuration config, ConfigOption<?> option) {
    try {
      config.get(option);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid value '" + config.toMap().get(option.key()) + "' for option '" + option.key() + "'", e);
    }
  }

  private static Map<String, ConfigOption<?>> declaredOptions() {
    return Arrays.stream(ForecastOptions.class.getFields())
        .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class)
        .map(CommandLineConfiguration::option)
        .collect(Collectors.toMap(ConfigOption::key, Function.identity(), (a, b) -> {
          throw new IllegalStateException("two options with key " + a.key());
        }, LinkedHashMap::new));
  }

  private static ConfigOption<?> option(Field field) {
    try {
      return (ConfigOption<?>) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }
}
