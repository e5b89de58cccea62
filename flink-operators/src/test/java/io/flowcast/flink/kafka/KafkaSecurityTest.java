package io.flowcast.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

class KafkaSecurityTest {
  private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
      + "username=\"svc\" password=\"hunter2\";";

  @Test
  void theSettingsUnderThePrefixPassWithoutIt() {
    Configuration config = Configuration.fromMap(Map.of(
        "kafka.properties.security.protocol", "SASL_SSL",
        "kafka.properties.sasl.mechanism", "PLAIN",
        "kafka.properties.sasl.jaas.config", JAAS,
        "kafka.properties.ssl.truststore.location", "/etc/kafka/truststore.p12",
        "kafka.bootstrap-servers", "broker:9093"));

    assertThat(KafkaSecurity.from(config).properties()).containsOnly(
        Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("sasl.mechanism", "PLAIN"),
        Map.entry("sasl.jaas.config", JAAS),
        Map.entry("ssl.truststore.location", "/etc/kafka/truststore.p12"));
  }

  @Test
  void noSettingsIsNone() {
    assertThat(KafkaSecurity.from(new Configuration())).isSameAs(KafkaSecurity.NONE);
    assertThat(KafkaSecurity.NONE.applyTo(Map.of("bootstrap.servers", "b:9092"))).containsOnlyKeys("bootstrap.servers");
  }

  @Test
  void aSettingThatIsNotAboutSecurityIsRefusedNamingIt() {
    for (String key : List.of("isolation.level", "transactional.id", "enable.idempotence", "bootstrap.servers")) {
      assertThatThrownBy(() -> KafkaSecurity.from(Configuration.fromMap(Map.of("kafka.properties." + key, "x"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("kafka.properties." + key)
          .hasMessageContaining("does not pass through");
    }
  }

  @Test
  void anInlinePrivateKeyIsRefusedForAKeystoreFile() {
    assertThatThrownBy(() -> KafkaSecurity.of(Map.of("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ssl.keystore.location")
        .hasMessageNotContaining("BEGIN PRIVATE KEY");
  }

  @Test
  void theSettingsAreAddedToAClientsConfigurationWhichKeepsItsOwn() {
    KafkaSecurity security = KafkaSecurity.of(Map.of("security.protocol", "SSL"));

    assertThat(security.applyTo(Map.of("bootstrap.servers", "b:9093", "acks", "all")))
        .containsOnly(Map.entry("bootstrap.servers", "b:9093"), Map.entry("acks", "all"),
            Map.entry("security.protocol", "SSL"));
  }

  @Test
  void argumentsTakeBothStylesAndRefuseAnyOtherOption() {
    KafkaSecurity security = KafkaSecurity.fromArguments(List.of(
        "--kafka.properties.security.protocol", "SASL_PLAINTEXT", "--kafka.properties.sasl.mechanism=PLAIN"));

    assertThat(security.properties()).containsOnly(
        Map.entry("security.protocol", "SASL_PLAINTEXT"), Map.entry("sasl.mechanism", "PLAIN"));
    assertThat(KafkaSecurity.fromArguments(List.of())).isSameAs(KafkaSecurity.NONE);
    assertThatThrownBy(() -> KafkaSecurity.fromArguments(List.of("--bootstrap-server", "b:9092")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown option '--bootstrap-server'");
  }

  @Test
  void secretsAreMaskedWhenPrinted() {
    KafkaSecurity security = KafkaSecurity.of(Map.of(
        "sasl.jaas.config", JAAS,
        "ssl.keystore.password", "hunter3",
        "ssl.key.password", "hunter4",
        "sasl.oauthbearer.client.credentials.client.secret", "hunter5",
        "sasl.mechanism", "PLAIN"));

    assertThat(security.toString())
        .contains("sasl.mechanism=PLAIN", "sasl.jaas.config=******", "ssl.keystore.password=******")
        .doesNotContain("hunter");
  }
}
