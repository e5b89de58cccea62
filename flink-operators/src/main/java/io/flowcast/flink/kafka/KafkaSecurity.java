package io.flowcast.flink.kafka;

import io.flowcast.model.cli.KeyValueArguments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;

/**
 * The Kafka security settings of every Kafka client Flowcast creates for a user's broker: the
 * job's sources and sinks (and the admin clients and committers the connector makes from their
 * properties), {@code flowcast model publish} and {@code flowcast dashboard}. They are Kafka's own
 * client keys under the prefix {@value #PREFIX}, as options of the job's configuration
 * ({@code kafka.properties.security.protocol: SASL_SSL} in Flink's {@code config.yaml}) or of the
 * command line ({@code --kafka.properties.sasl.mechanism PLAIN}), and reach every client
 * unchanged.
 *
 * <p>Only security settings pass: {@code security.protocol}, {@code security.providers},
 * {@code sasl.*} and {@code ssl.*}. Any other key under the prefix is refused, so that nothing
 * overrides what the exactly-once guarantee rests on (isolation level, transactional ids,
 * idempotence). So is {@code ssl.keystore.key}, an inline private key: Flink's configuration
 * loader logs the value of every key that does not look secret, and this one does not; a keystore
 * file ({@code ssl.keystore.location} with {@code ssl.keystore.password}) keeps it out of the logs.
 *
 * <p>{@link #toString()} masks the value of every key that Flink treats as sensitive
 * ({@link GlobalConfiguration#isSensitive}: names holding {@code password}, {@code secret},
 * {@code jaas.config}, {@code token} and the like), as Flink's own logs and REST API do.
 */
public final class KafkaSecurity {
  /** The prefix of the pass-through keys in the job's configuration and on command lines. */
  public static final String PREFIX = "kafka.properties.";
  /** No security settings: plaintext, unauthenticated clients (Kafka's defaults). */
  public static final KafkaSecurity NONE = new KafkaSecurity(Map.of());

  private static final List<String> SECURITY_KEYS = List.of("security.protocol", "security.providers");
  private static final List<String> SECURITY_PREFIXES = List.of("sasl.", "ssl.");
  private static final String INLINE_PRIVATE_KEY = "ssl.keystore.key";

  private final Map<String, String> properties;

  private KafkaSecurity(Map<String, String> properties) {
    this.properties = Map.copyOf(properties);
  }

  /**
   * The settings under {@value #PREFIX} in {@code config}.
   *
   * @throws IllegalArgumentException naming the key, for a key under the prefix that does not pass
   */
  public static KafkaSecurity from(Configuration config) {
    return of(config.toMap().entrySet().stream()
        .filter(entry -> isSecurityOption(entry.getKey()))
        .collect(Collectors.toMap(entry -> entry.getKey().substring(PREFIX.length()), Map.Entry::getValue)));
  }

  /**
   * The settings of command-line arguments {@code --kafka.properties.<key> value} (or
   * {@code =value}), for the commands whose other options are their own.
   *
   * @throws IllegalArgumentException naming the argument, for one that is not such a setting
   */
  public static KafkaSecurity fromArguments(List<String> args) {
    Map<String, String> values = KeyValueArguments.parse(args.toArray(String[]::new));
    Map<String, String> settings = new HashMap<>();
    values.forEach((key, value) -> {
      if (!isSecurityOption(key)) {
        throw new IllegalArgumentException("unknown option '--" + key + "'");
      }
      settings.put(key.substring(PREFIX.length()), value);
    });
    return of(settings);
  }

  /**
   * Settings given by their Kafka client keys ({@code sasl.mechanism}, without the prefix).
   *
   * @throws IllegalArgumentException naming the key, for one that does not pass
   */
  public static KafkaSecurity of(Map<String, String> kafkaSettings) {
    kafkaSettings.keySet().forEach(KafkaSecurity::requirePasses);
    return kafkaSettings.isEmpty() ? NONE : new KafkaSecurity(kafkaSettings);
  }

  /** Whether {@code optionKey} is one of this class's options (it starts with {@value #PREFIX}). */
  public static boolean isSecurityOption(String optionKey) {
    return optionKey.startsWith(PREFIX);
  }

  private static void requirePasses(String key) {
    if (key.equals(INLINE_PRIVATE_KEY)) {
      throw new IllegalArgumentException(PREFIX + key + " is refused: an inline private key would be logged by "
          + "Flink's configuration loader; use " + PREFIX + "ssl.keystore.location and " + PREFIX
          + "ssl.keystore.password");
    }
    if (!SECURITY_KEYS.contains(key) && SECURITY_PREFIXES.stream().noneMatch(key::startsWith)) {
      throw new IllegalArgumentException(PREFIX + key + " does not pass through: only Kafka's security settings "
          + "do (" + String.join(", ", SECURITY_KEYS) + ", sasl.*, ssl.*)");
    }
  }

  /** The settings by their Kafka client keys. */
  public Map<String, String> properties() {
    return properties;
  }

  /** A copy of a Kafka client configuration {@code config} with these settings added. */
  public Map<String, Object> applyTo(Map<String, ?> config) {
    Map<String, Object> applied = new HashMap<>(config);
    applied.putAll(properties);
    return applied;
  }

  /** The settings, with the value of every sensitive key masked. */
  @Override
  public String toString() {
    Map<String, String> masked = new TreeMap<>();
    properties.forEach((key, value) -> masked.put(key, GlobalConfiguration.isSensitive(key) ? "******" : value));
    return "KafkaSecurity" + masked;
  }
}
