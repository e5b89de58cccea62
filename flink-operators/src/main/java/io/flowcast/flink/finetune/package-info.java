/**
 * Publishing fine-tuned models to running jobs: {@link io.flowcast.flink.finetune.CheckpointStore}
 * writes versioned safetensors checkpoints durably to any Flink FileSystem directory, {@link
 * io.flowcast.flink.finetune.ModelCheckpoints} builds their {@code ModelCheckpoint} announcements
 * for the {@code model-checkpoints} topic, and {@link io.flowcast.flink.finetune.CheckpointVerifier}
 * checks an announced file before a task swaps it in. {@link
 * io.flowcast.flink.finetune.PublishCommand} is {@code flowcast model publish}.
 */
package io.flowcast.flink.finetune;
