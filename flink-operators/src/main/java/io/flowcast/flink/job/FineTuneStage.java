package io.flowcast.flink.job;

import io.flowcast.flink.finetune.CheckpointStore;
import io.flowcast.flink.finetune.FineTuneOperator;
import io.flowcast.model.finetune.FineTuneSettings;
import io.flowcast.model.pretrain.OptimizerChoice;
import io.flowcast.model.train.Loss;
import io.flowcast.schemas.ModelCheckpoint;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The fine-tuning stage of the job ({@code finetune.mode} train): the forecasting tasks' training
 * samples and the announcements topic into one {@link FineTuneOperator} (uid {@code fine-tune},
 * parallelism 1), whose announcements go to {@code finetune.topic} through an exactly-once Kafka
 * sink whatever {@code sink.delivery-guarantee} says, because announcing a version before its
 * Flink checkpoint completes would let a restore reissue it.
 */
public final class FineTuneStage {
  private FineTuneStage() {}

  /** Adds the fine-tuner and its announcement sink. */
  public static void attach(DataStream<byte[]> samples, DataStream<ModelCheckpoint> announcements, Configuration config) {
    String topic = config.get(ForecastOptions.FINETUNE_TOPIC);
    fineTuner(samples, announcements, config)
        .sinkTo(KafkaSinks.forTopic(config, topic, AvroSerializationSchema.forSpecific(ModelCheckpoint.class),
            DeliveryGuarantee.EXACTLY_ONCE))
        .name("model checkpoints to " + topic)
        .uid("model-checkpoints-sink")
        .setParallelism(1);
  }

  /**
   * Adds the fine-tuner alone (uid {@code fine-tune}, parallelism 1): {@code samples} and the
   * broadcast {@code announcements} in, its own announcements out, for the caller to sink.
   */
  public static SingleOutputStreamOperator<ModelCheckpoint> fineTuner(DataStream<byte[]> samples,
      DataStream<ModelCheckpoint> announcements, Configuration config) {
    SingleOutputStreamOperator<ModelCheckpoint> tuned = samples
        .connect(announcements.broadcast())
        .transform("fine-tune", new AvroTypeInfo<>(ModelCheckpoint.class), new FineTuneOperator(operatorConfig(config)))
        .uid("fine-tune")
        .setParallelism(1);
    tuned.setMaxParallelism(1);
    return tuned;
  }

  /**
   * The fine-tuner's settings from {@code finetune.*}.
   *
   * @throws IllegalArgumentException if {@code finetune.checkpoint-dir} is not set or a setting is invalid
   */
  static FineTuneOperator.Config operatorConfig(Configuration config) {
    String directory = config.get(ForecastOptions.FINETUNE_CHECKPOINT_DIR);
    if (directory.isBlank()) {
      throw new IllegalArgumentException(ForecastOptions.FINETUNE_CHECKPOINT_DIR.key()
          + " must name a directory every TaskManager can read when " + ForecastOptions.FINETUNE_MODE.key()
          + " is train");
    }
    return new FineTuneOperator.Config(settings(config), ForecastStage.settings(config),
        ForecastStage.operatorConfig(config).model(),
        new CheckpointStore(directory, config.get(ForecastOptions.FINETUNE_RETAIN)));
  }

  /** The trainer and its rounds, from {@code finetune.*}. */
  public static FineTuneSettings settings(Configuration config) {
    double clip = config.get(ForecastOptions.FINETUNE_CLIP_NORM);
    return new FineTuneSettings(
        loss(config.get(ForecastOptions.FINETUNE_LOSS)),
        OptimizerChoice.fromId(config.get(ForecastOptions.FINETUNE_OPTIMIZER)),
        config.get(ForecastOptions.FINETUNE_MOMENTUM),
        config.get(ForecastOptions.FINETUNE_LEARNING_RATE),
        config.get(ForecastOptions.FINETUNE_BATCH_SIZE),
        config.get(ForecastOptions.FINETUNE_EPOCHS),
        config.get(ForecastOptions.FINETUNE_DROPOUT),
        clip == 0 ? Double.POSITIVE_INFINITY : clip,
        config.get(ForecastOptions.FINETUNE_WEIGHT_DECAY),
        config.get(ForecastOptions.FINETUNE_BUFFER_SIZE),
        config.get(ForecastOptions.FINETUNE_VALIDATION_SIZE),
        config.get(ForecastOptions.FINETUNE_ROUND_SAMPLES),
        config.get(ForecastOptions.FINETUNE_ROUND_INTERVAL).toMillis(),
        config.get(ForecastOptions.FINETUNE_MIN_SAMPLES),
        config.get(ForecastOptions.FINETUNE_TOLERANCE),
        config.get(ForecastOptions.FINETUNE_SEED));
  }

  private static Loss loss(String id) {
    return switch (id) {
      case "mse" -> Loss.MSE;
      case "gaussian-nll" -> Loss.GAUSSIAN_NLL;
      default -> throw new IllegalArgumentException(
          "unknown " + ForecastOptions.FINETUNE_LOSS.key() + " '" + id + "' (mse or gaussian-nll)");
    };
  }
}
