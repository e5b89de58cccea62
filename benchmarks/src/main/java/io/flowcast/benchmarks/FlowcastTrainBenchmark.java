package io.flowcast.benchmarks;

import io.flowcast.model.train.FloatTrainer;
import io.flowcast.model.train.Tensor3;
import io.flowcast.model.train.Trainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/** One optimiser step of Flowcast's float32 trainer ({@link FloatTrainer}) on {@link TrainShapes}. */
public class FlowcastTrainBenchmark extends TrainBenchmarkShape {
  private FloatTrainer trainer;
  private Tensor3 inputs;
  private Tensor3 targets;

  @Setup
  public void setUp() {
    trainer = Trainer.builder(TrainShapes.parameters(cell, hidden))
        .adam()
        .learningRate(TrainShapes.LEARNING_RATE)
        .clipNorm(TrainShapes.CLIP_NORM)
        .buildFloat32();
    inputs = TrainShapes.inputs();
    targets = TrainShapes.targets();
  }

  /** Forward, MSE, BPTT, clipping, Adam; returns the loss. */
  @Benchmark
  public double step() {
    return trainer.trainBatch(inputs, targets);
  }
}
