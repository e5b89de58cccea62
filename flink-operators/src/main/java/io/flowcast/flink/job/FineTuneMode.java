package io.flowcast.flink.job;

/** What the job does with model checkpoints ({@code finetune.mode}). */
public enum FineTuneMode {
  /** Serve the configured model for the whole run. */
  OFF,
  /** Hot-swap the versions announced on {@code finetune.topic} (published by hand or another job). */
  FOLLOW,
  /** Fine-tune the model on the stream, publish and announce its checkpoints, and hot-swap them. */
  TRAIN
}
