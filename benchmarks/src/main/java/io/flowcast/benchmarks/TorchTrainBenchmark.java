package io.flowcast.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import io.flowcast.model.train.Tensor3;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same optimiser step in libtorch 2.7.1 through DJL 0.36.0, with its autograd: the fused
 * {@code torch::lstm} / {@code torch::gru} op over the [T, B, I] sequence from a zero state, the
 * head as a matmul, MSE, {@code backward()}, clipping by global norm (as {@code
 * clip_grad_norm_}), then Adam as {@code torch.optim.Adam} (betas 0.9/0.999, eps 1e-8) written
 * with in-place tensor ops, gradients zeroed for the next step. One intra-op thread
 * ({@code JniUtils.setNumThreads(1)}), the same weights and batch as {@link FlowcastTrainBenchmark}.
 * Every tensor a step creates is closed by an {@link NDScope}.
 */
public class TorchTrainBenchmark extends TrainBenchmarkShape {
  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private Engine engine;
  private NDManager manager;
  private NDArray input;
  private NDArray target;
  private NDList states;
  private NDList recurrent;
  private NDArray headWeight;
  private NDArray headBias;
  private NDArray[] parameters;
  private NDArray[] firstMoments;
  private NDArray[] secondMoments;
  private int steps;

  @Setup
  public void setUp() {
    engine = Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(1);
    manager = engine.newBaseManager();
    ModelParameters source = TrainShapes.parameters(cell, hidden);
    input = tensor(TrainShapes.inputs());
    target = tensor(TrainShapes.targets());
    Shape stateShape = new Shape(1, TrainShapes.BATCH, hidden);
    states = cell == CellType.LSTM
        ? new NDList(manager.zeros(stateShape), manager.zeros(stateShape))
        : new NDList(manager.zeros(stateShape));
    recurrent = new NDList();
    for (String name : new String[] {ParameterSpec.weightIh(0), ParameterSpec.weightHh(0),
        ParameterSpec.biasIh(0), ParameterSpec.biasHh(0)}) {
      recurrent.add(parameter(source, name));
    }
    headWeight = parameter(source, ParameterSpec.HEAD_WEIGHT);
    headBias = parameter(source, ParameterSpec.HEAD_BIAS);
    parameters = new NDArray[] {recurrent.get(0), recurrent.get(1), recurrent.get(2), recurrent.get(3),
        headWeight, headBias};
    firstMoments = new NDArray[parameters.length];
    secondMoments = new NDArray[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      firstMoments[i] = manager.zeros(parameters[i].getShape());
      secondMoments[i] = manager.zeros(parameters[i].getShape());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }

  /** Forward, MSE, autograd backward, clipping, Adam; returns the loss. */
  @Benchmark
  public float step() {
    try (NDScope scope = new NDScope()) {
      NDArray loss;
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDList result = cell == CellType.LSTM
            ? input.getNDArrayInternal().lstm(input, states, recurrent, true, 1, 0, true, false, false)
            : input.getNDArrayInternal().gru(input, states.head(), recurrent, true, 1, 0, true, false, false);
        NDArray predictions = result.head().matMul(headWeight.transpose()).add(headBias);
        loss = predictions.sub(target).square().mean();
        collector.backward(loss);
      }
      update();
      return loss.getFloat();
    }
  }

  private void update() {
    NDArray[] gradients = new NDArray[parameters.length];
    double sumOfSquares = 0;
    for (int i = 0; i < parameters.length; i++) {
      gradients[i] = parameters[i].getGradient();
      sumOfSquares += gradients[i].square().sum().getFloat();
    }
    double norm = Math.sqrt(sumOfSquares);
    double coefficient = TrainShapes.CLIP_NORM / (norm + 1e-6);
    steps++;
    float stepSize = (float) (TrainShapes.LEARNING_RATE / (1 - Math.pow(BETA1, steps)));
    float secondCorrection = (float) Math.sqrt(1 - Math.pow(BETA2, steps));
    for (int i = 0; i < parameters.length; i++) {
      NDArray g = gradients[i];
      if (coefficient < 1) {
        g.muli(coefficient);
      }
      firstMoments[i].muli(BETA1).addi(g.mul(1 - BETA1));
      secondMoments[i].muli(BETA2).addi(g.square().muli(1 - BETA2));
      parameters[i].subi(firstMoments[i].mul(stepSize)
          .divi(secondMoments[i].sqrt().divi(secondCorrection).addi(EPSILON)));
      g.subi(g);
    }
  }

  private NDArray parameter(ModelParameters source, String name) {
    double[] values = source.get(name);
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    int rows = name.startsWith("out.") ? TrainShapes.OUTPUT_SIZE : cell.gates() * hidden;
    NDArray array = manager.create(floats, values.length == rows ? new Shape(rows) : new Shape(rows, values.length / rows));
    array.setRequiresGradient(true);
    return array;
  }

  private NDArray tensor(Tensor3 values) {
    float[] floats = new float[values.data().length];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = (float) values.data()[i];
    }
    return manager.create(floats, new Shape(values.dim0(), values.dim1(), values.dim2()));
  }
}
