package io.flowcast.model.finetune;

import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.train.SequenceBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs {@link TrainingSample}s into the trainers' {@link SequenceBatch}es: each sample a column,
 * the batch as long as its longest sample, shorter ones padded with unscored steps.
 */
final class SampleBatches {
  private SampleBatches() {}

  /**
   * {@code samples} in order, {@code batchSize} to a batch; the last batch holds the rest (it is kept,
   * not dropped, so every sample counts in every epoch).
   */
  static List<SequenceBatch> of(List<TrainingSample> samples, int batchSize) {
    List<SequenceBatch> batches = new ArrayList<>();
    for (int first = 0; first < samples.size(); first += batchSize) {
      batches.add(pack(samples.subList(first, Math.min(samples.size(), first + batchSize))));
    }
    return batches;
  }

  /** One batch of {@code samples}, all of one horizon. */
  static SequenceBatch pack(List<TrainingSample> samples) {
    int horizon = samples.get(0).horizon();
    int steps = samples.stream().mapToInt(TrainingSample::steps).max().orElseThrow();
    SequenceBatch batch = new SequenceBatch(steps, samples.size(), WindowEncoding.INPUT_SIZE, horizon);
    double[] inputs = batch.inputs().data();
    double[] targets = batch.targets().data();
    for (int b = 0; b < samples.size(); b++) {
      TrainingSample sample = samples.get(b);
      for (int t = 0; t < sample.steps(); t++) {
        copy(sample.inputs(), t * WindowEncoding.INPUT_SIZE, inputs, batch.inputs().index(t, b, 0),
            WindowEncoding.INPUT_SIZE);
        copy(sample.targets(), t * horizon, targets, batch.targets().index(t, b, 0), horizon);
        batch.weights()[t * samples.size() + b] = sample.weights()[t];
      }
    }
    return batch;
  }

  private static void copy(float[] from, int fromOffset, double[] to, int toOffset, int count) {
    for (int i = 0; i < count; i++) {
      to[toOffset + i] = from[fromOffset + i];
    }
  }
}
