package io.flowcast.flink.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaITCase {

  @Test
  void createsTopicsWithTheRequestedPartitionsAndRefusesDuplicates() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(3, "wide");
      kafka.createTopics("narrow-a", "narrow-b");

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        Map<String, TopicDescription> topics =
            admin.describeTopics(List.of("wide", "narrow-a", "narrow-b")).allTopicNames().get();
        assertThat(topics.get("wide").partitions()).hasSize(3);
        assertThat(topics.get("narrow-a").partitions()).hasSize(1);
        assertThat(topics.get("narrow-b").partitions()).hasSize(1);
      }
      assertThatThrownBy(() -> kafka.createTopics("wide"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("wide")
          .hasCauseInstanceOf(TopicExistsException.class);
    }
  }
}
