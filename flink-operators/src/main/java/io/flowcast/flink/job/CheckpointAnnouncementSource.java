package io.flowcast.flink.job;

import io.flowcast.flink.finetune.ModelCheckpoints;
import io.flowcast.flink.kafka.KafkaSecurity;
import io.flowcast.schemas.ModelCheckpoint;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka source of {@code finetune.topic}: every {@link ModelCheckpoint} announcement from the
 * topic's start (on a fresh start the forecasting tasks and the fine-tuner catch up to the newest
 * version; after a restore the source resumes from its checkpointed offsets), read committed, so an
 * announcement is seen only once the fine-tuner's Flink checkpoint holding its version has
 * completed. A record that is not a {@code ModelCheckpoint} is skipped, logged and counted
 * ({@code malformedAnnouncements}); it never stops the job.
 */
public final class CheckpointAnnouncementSource {
  private CheckpointAnnouncementSource() {}

  /** The source, configured from {@link ForecastOptions} (with the {@link KafkaSecurity} settings). */
  public static KafkaSource<ModelCheckpoint> build(Configuration config) {
    KafkaSourceBuilder<ModelCheckpoint> builder = KafkaSource.<ModelCheckpoint>builder()
        .setBootstrapServers(config.get(ForecastOptions.KAFKA_BOOTSTRAP_SERVERS))
        .setTopics(config.get(ForecastOptions.FINETUNE_TOPIC))
        .setGroupId(config.get(ForecastOptions.KAFKA_GROUP_ID) + "-model-checkpoints")
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setProperty("isolation.level", "read_committed")
        .setDeserializer(new AnnouncementDeserializer());
    KafkaSecurity.from(config).properties().forEach(builder::setProperty);
    return builder.build();
  }

  /** Decodes announcements; skips what does not decode. */
  static final class AnnouncementDeserializer implements KafkaRecordDeserializationSchema<ModelCheckpoint> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AnnouncementDeserializer.class);
    private transient Counter malformed;

    @Override
    public void open(org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext context) {
      malformed = context.getMetricGroup().counter("malformedAnnouncements");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelCheckpoint> out) {
      ModelCheckpoint announcement;
      try {
        announcement = ModelCheckpoints.fromBytes(record.value());
      } catch (IOException e) {
        if (malformed != null) {
          malformed.inc();
        }
        LOG.warn("skipped a record of {} at partition {} offset {} that is not a ModelCheckpoint: {}",
            record.topic(), record.partition(), record.offset(), e.toString());
        return;
      }
      out.collect(announcement);
    }

    @Override
    public TypeInformation<ModelCheckpoint> getProducedType() {
      return new AvroTypeInfo<>(ModelCheckpoint.class);
    }
  }
}
