package io.flowcast.flink.finetune;

import java.io.Serializable;

/**
 * What is known of a model checkpoint besides its weights; {@link CheckpointStore} records it in
 * the file's metadata and its sidecar, and {@link ModelCheckpoints} in the announcement.
 *
 * @param version the checkpoint's version, at least 1, strictly increasing per model
 * @param parentVersion the version it was fine-tuned from, or 0 for none (published by hand)
 * @param createdAtMillis when it was made, epoch milliseconds
 * @param samplesSeen training samples the fine-tuner had seen when it made it
 * @param trainLoss training loss of the last round, or NaN when unknown
 * @param validationLoss validation loss, or NaN when unknown
 * @param configHash {@code FineTuneSettings#configHash()} of the fine-tuner that made it, or null when
 *     unknown (published by hand)
 */
public record CheckpointInfo(
    long version,
    long parentVersion,
    long createdAtMillis,
    long samplesSeen,
    double trainLoss,
    double validationLoss,
    String configHash)
    implements Serializable {

  /**
   * @throws IllegalArgumentException if the version is below 1, or the parent version or the
   *     sample count is negative
   */
  public CheckpointInfo {
    if (version < 1) {
      throw new IllegalArgumentException("a checkpoint version must be at least 1, got " + version);
    }
    if (parentVersion < 0) {
      throw new IllegalArgumentException("parentVersion must not be negative, got " + parentVersion);
    }
    if (samplesSeen < 0) {
      throw new IllegalArgumentException("samplesSeen must not be negative, got " + samplesSeen);
    }
  }

  /** A model published by hand at {@code createdAtMillis}: no parent, no samples, no losses. */
  public static CheckpointInfo manual(long version, long createdAtMillis) {
    return new CheckpointInfo(version, 0, createdAtMillis, 0, Double.NaN, Double.NaN, null);
  }
}
