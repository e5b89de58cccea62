package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.flink.kafka.KafkaSecurity;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;

class CommandLineConfigurationTest {

  @Test
  void bothArgumentStylesSetOptions() {
    Configuration config = CommandLineConfiguration.parse(
        "--kafka.bootstrap-servers", "broker:9093", "--kafka.topic.readings=raw", "--kafka.group-id", "g1");

    assertThat(config.get(ForecastOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("broker:9093");
    assertThat(config.get(ForecastOptions.READINGS_TOPIC)).isEqualTo("raw");
    assertThat(config.get(ForecastOptions.KAFKA_GROUP_ID)).isEqualTo("g1");
  }

  @Test
  void optionsNotGivenKeepTheirDefaults() {
    Configuration config = CommandLineConfiguration.parse();

    assertThat(config.get(ForecastOptions.KAFKA_BOOTSTRAP_SERVERS)).isEqualTo("localhost:9092");
    assertThat(config.get(ForecastOptions.WATERMARK_OUT_OF_ORDERNESS)).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.get(ForecastOptions.WATERMARK_IDLENESS)).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.get(ForecastOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.get(ForecastOptions.WINDOW_ALLOWED_LATENESS)).isEqualTo(Duration.ZERO);
    assertThat(config.get(ForecastOptions.SINK_DELIVERY_GUARANTEE)).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
    assertThat(config.get(ForecastOptions.SOURCE_STARTING_OFFSETS)).isEqualTo(StartingOffsets.COMMITTED);
  }

  @Test
  void durationsTakeFlinksSyntax() {
    Configuration config = CommandLineConfiguration.parse(
        "--watermark.out-of-orderness", "500 ms", "--window.size=2min", "--watermark.idleness", "0",
        "--window.allowed-lateness", "10 s");

    assertThat(config.get(ForecastOptions.WATERMARK_OUT_OF_ORDERNESS)).isEqualTo(Duration.ofMillis(500));
    assertThat(config.get(ForecastOptions.WINDOW_SIZE)).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.get(ForecastOptions.WATERMARK_IDLENESS)).isZero();
    assertThat(config.get(ForecastOptions.WINDOW_ALLOWED_LATENESS)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void enumsTakeTheirLowerCaseNames() {
    Configuration config = CommandLineConfiguration.parse(
        "--sink.delivery-guarantee", "at-least-once", "--source.starting-offsets", "latest");

    assertThat(config.get(ForecastOptions.SINK_DELIVERY_GUARANTEE)).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
    assertThat(config.get(ForecastOptions.SOURCE_STARTING_OFFSETS)).isEqualTo(StartingOffsets.LATEST);
  }

  @Test
  void anUnknownKeyFailsNamingIt() {
    assertThatThrownBy(() -> CommandLineConfiguration.parse("--window.size", "1 min", "--window.sise", "2 min"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'window.sise'");
  }

  @Test
  void aValueThatDoesNotParseFailsNamingTheKey() {
    assertThatThrownBy(() -> CommandLineConfiguration.parse("--window.size", "soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'window.size'")
        .hasMessageContaining("'soon'");
    assertThatThrownBy(() -> CommandLineConfiguration.parse("--source.starting-offsets", "yesterday"))
        .hasMessageContaining("'source.starting-offsets'");
  }

  @Test
  void malformedArgumentsFail() {
    assertThatThrownBy(() -> CommandLineConfiguration.parse("--window.size"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing value for --window.size");
    assertThatThrownBy(() -> CommandLineConfiguration.parse("window.size", "1 min"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'window.size'");
    assertThatThrownBy(() -> CommandLineConfiguration.parse("--kafka.group-id=a", "--kafka.group-id=b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more than once");
  }

  @Test
  void kafkaSecuritySettingsPassAndOthersUnderTheirPrefixFailAtOnce() {
    Configuration config = CommandLineConfiguration.parse(
        "--kafka.properties.security.protocol", "SASL_SSL", "--kafka.properties.sasl.mechanism=SCRAM-SHA-512");

    assertThat(KafkaSecurity.from(config).properties()).containsOnly(
        Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
    assertThatThrownBy(() -> CommandLineConfiguration.parse("--kafka.properties.isolation.level", "read_uncommitted"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.properties.isolation.level");
  }
}
