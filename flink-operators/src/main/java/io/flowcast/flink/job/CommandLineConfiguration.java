package io.flowcast.flink.job;

import io.flowcast.flink.kafka.KafkaSecurity;
import io.flowcast.model.cli.KeyValueArguments;
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
 * here, so that a typo fails at start-up rather than silently falling back to a default. Kafka
 * security settings pass through as {@code --kafka.properties.<key> value} ({@link KafkaSecurity}).
 */
public final class CommandLineConfiguration {
  private static final Map<String, ConfigOption<?>> OPTIONS = declaredOptions();

  private CommandLineConfiguration() {}

  /**
   * @throws IllegalArgumentException naming the key, for an unknown key (or a Kafka setting that
   *     does not pass through), a key given twice, a missing value, a value that does not parse, or
   *     an argument that is not {@code --key}
   */
  public static Configuration parse(String... args) {
    Map<String, String> values = KeyValueArguments.parse(args);
    for (String key : values.keySet()) {
      if (!OPTIONS.containsKey(key) && !KafkaSecurity.isSecurityOption(key)) {
        throw new IllegalArgumentException("unknown option '" + key + "'; known options: " + OPTIONS.keySet()
            + " and " + KafkaSecurity.PREFIX + "<Kafka security setting>");
      }
    }
    Configuration config = Configuration.fromMap(values);
    values.keySet().stream().filter(OPTIONS::containsKey).forEach(key -> checkParses(config, OPTIONS.get(key)));
    KafkaSecurity.from(config);
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
