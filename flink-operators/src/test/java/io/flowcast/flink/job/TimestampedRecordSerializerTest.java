package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class TimestampedRecordSerializerTest {
  /** An hour ago, and a day ahead: history replayed, and a window end the broker would refuse. */
  private static final long PAST = System.currentTimeMillis() - 3_600_000L;
  private static final long FUTURE = System.currentTimeMillis() + 86_400_000L;

  private static final KafkaSinkContext CONTEXT = new KafkaSinkContext() {
    @Override
    public int getParallelInstanceId() {
      return 0;
    }

    @Override
    public int getNumberOfParallelInstances() {
      return 1;
    }

    @Override
    public int[] getPartitionsForTopic(String topic) {
      return new int[] {0};
    }
  };

  @Test
  void processingTimeIsTheDefaultAndStampsTheWallClock() {
    assertThat(ForecastOptions.SINK_TIMESTAMP.defaultValue()).isEqualTo(SinkTimestamp.PROCESSING_TIME);
    KafkaRecordSerializationSchema<String> serializer =
        KafkaSinks.recordSerializer(new Configuration(), "forecasts", new SimpleStringSchema());

    for (Long timestamp : new Long[] {PAST, FUTURE, null}) {
      long before = System.currentTimeMillis();
      ProducerRecord<byte[], byte[]> record = serializer.serialize("f", CONTEXT, timestamp);
      long after = System.currentTimeMillis();

      assertThat(record.timestamp()).as("Flink timestamp %s", timestamp).isBetween(before, after);
      assertThat(record.topic()).isEqualTo("forecasts");
      assertThat(record.key()).isNull();
      assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("f");
    }
  }

  @Test
  void eventTimeKeepsThePastButNeverGoesBeyondTheWallClock() {
    Configuration config = CommandLineConfiguration.parse("--sink.timestamp", "event-time");
    assertThat(config.get(ForecastOptions.SINK_TIMESTAMP)).isEqualTo(SinkTimestamp.EVENT_TIME);
    KafkaRecordSerializationSchema<String> serializer =
        KafkaSinks.recordSerializer(config, "forecasts", new SimpleStringSchema());

    assertThat(serializer.serialize("f", CONTEXT, PAST).timestamp()).isEqualTo(PAST);
    long before = System.currentTimeMillis();
    List<Long> capped = List.of(serializer.serialize("f", CONTEXT, FUTURE).timestamp(),
        serializer.serialize("f", CONTEXT, null).timestamp(), serializer.serialize("f", CONTEXT, -5L).timestamp());
    long after = System.currentTimeMillis();
    assertThat(capped).allSatisfy(timestamp -> assertThat(timestamp).isBetween(before, after));
  }

  @Test
  void theOptionParsesBothSpellings() {
    assertThat(CommandLineConfiguration.parse("--sink.timestamp", "PROCESSING-TIME").get(ForecastOptions.SINK_TIMESTAMP))
        .isEqualTo(SinkTimestamp.PROCESSING_TIME);
  }
}
