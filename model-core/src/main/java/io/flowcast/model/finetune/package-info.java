/**
 * Online fine-tuning of the shared model on the live stream: {@link
 * io.flowcast.model.finetune.TrainingSample}s cut from sensors' recent windows, a bounded replay
 * buffer across sensors, and rounds of the float32 trainer whose candidates are accepted only when
 * they do not validate worse than the serving model.
 */
package io.flowcast.model.finetune;
