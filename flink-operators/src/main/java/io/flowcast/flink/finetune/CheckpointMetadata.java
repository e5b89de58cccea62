package io.flowcast.flink.finetune;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys {@link CheckpointStore} adds to a checkpoint's safetensors {@code __metadata__}, after
 * the model's own {@code flowcast.*} keys (a prefix {@link io.flowcast.model.io.ModelFiles}
 * reserves for the configuration):
 *
 * <pre>
 *   checkpoint.version          the version
 *   checkpoint.parent_version   the version it was fine-tuned from (0: none)
 *   checkpoint.created_at       epoch milliseconds
 *   checkpoint.samples_seen     samples the fine-tuner had seen
 *   checkpoint.train_loss       training loss (left out when unknown)
 *   checkpoint.validation_loss  validation loss (left out when unknown)
 *   checkpoint.config_hash      hash of the fine-tuner settings that made it (left out when unknown)
 * </pre>
 */
public final class CheckpointMetadata {
  public static final String VERSION = "checkpoint.version";
  public static final String PARENT_VERSION = "checkpoint.parent_version";
  public static final String CREATED_AT = "checkpoint.created_at";
  public static final String SAMPLES_SEEN = "checkpoint.samples_seen";
  public static final String TRAIN_LOSS = "checkpoint.train_loss";
  public static final String VALIDATION_LOSS = "checkpoint.validation_loss";
  public static final String CONFIG_HASH = "checkpoint.config_hash";

  private CheckpointMetadata() {}

  /** The entries describing {@code info}, in the order above. */
  public static Map<String, String> of(CheckpointInfo info) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(VERSION, Long.toString(info.version()));
    metadata.put(PARENT_VERSION, Long.toString(info.parentVersion()));
    metadata.put(CREATED_AT, Long.toString(info.createdAtMillis()));
    metadata.put(SAMPLES_SEEN, Long.toString(info.samplesSeen()));
    if (!Double.isNaN(info.trainLoss())) {
      metadata.put(TRAIN_LOSS, Double.toString(info.trainLoss()));
    }
    if (!Double.isNaN(info.validationLoss())) {
      metadata.put(VALIDATION_LOSS, Double.toString(info.validationLoss()));
    }
    if (info.configHash() != null) {
      metadata.put(CONFIG_HASH, info.configHash());
    }
    return metadata;
  }
}
