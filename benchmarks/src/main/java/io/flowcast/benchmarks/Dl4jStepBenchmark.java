package io.flowcast.benchmarks;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DL4J 1.0.0-M2.1 baseline: {@link MultiLayerNetwork#rnnTimeStep} on a stack of {@code layers}
 * LSTM layers (I = 4, H = 64, no output layer), input [batch, I, 1], the network keeping h and c
 * between calls. LSTM only: DL4J M2.1 has no GRU layer.
 *
 * <p>A network keeps one state per batch position, not per key, so one call per key with each
 * key's own state cannot be expressed; {@code batch = 1} measures one call, the cost a per-key
 * caller pays for every key. The weights are DL4J's own (Xavier): the time does not depend on them.
 */
@State(Scope.Thread)
public class Dl4jStepBenchmark extends StepBenchmarkSettings {
  @Param({"1", "2"})
  public int layers;

  @Param({"1", "64", "1024", "8192"})
  public int batch;

  private MultiLayerNetwork network;
  private INDArray input;

  /** Builds and initialises the network and the preallocated input. */
  @Setup
  public void setUp() {
    NeuralNetConfiguration.ListBuilder builder =
        new NeuralNetConfiguration.Builder().seed(42).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list();
    for (int layer = 0; layer < layers; layer++) {
      builder.layer(new LSTM.Builder()
          .nIn(layer == 0 ? StepShapes.INPUT_SIZE : StepShapes.HIDDEN_SIZE)
          .nOut(StepShapes.HIDDEN_SIZE)
          .activation(Activation.TANH)
          .gateActivationFunction(Activation.SIGMOID)
          .build());
    }
    network = new MultiLayerNetwork(builder.build());
    network.init();
    input = Nd4j.create(StepShapes.inputs(batch), new long[] {batch, StepShapes.INPUT_SIZE, 1}, 'c');
  }

  /** One time step of the whole batch. */
  @Benchmark
  public INDArray step() {
    return network.rnnTimeStep(input);
  }
}
