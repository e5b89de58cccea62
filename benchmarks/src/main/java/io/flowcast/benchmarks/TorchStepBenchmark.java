package io.flowcast.benchmarks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * libtorch 2.7.1 through DJL 0.36.0's PyTorch engine, what a Java user would pick instead: the
 * fused {@code torch::lstm} / {@code torch::gru} op (DJL's {@code NDArrayEx#lstm} / {@code #gru})
 * on one time step, input [1, batch, I] (sequence first), with the same weights as Flowcast. The
 * returned h (and c) are fed to the next call; the previous ones and the output are closed, so
 * native memory stays flat. libtorch runs on {@link StepShapes#nativeThreads()} intra-op threads.
 */
@State(Scope.Thread)
public class TorchStepBenchmark extends RecurrentStepShape {
  private NDManager manager;
  private NDArray input;
  private NDList parameters;
  private NDList states;

  /** Loads libtorch, copies the shared weights into tensors and zeroes the states. */
  @Setup
  public void setUp() {
    Engine engine = Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(StepShapes.nativeThreads());
    manager = engine.newBaseManager();
    input = manager.create(StepShapes.inputs(batch), new Shape(1, batch, StepShapes.INPUT_SIZE));
    parameters = tensors(StepShapes.parameters(cell, layers));
    Shape stateShape = new Shape(layers, batch, StepShapes.HIDDEN_SIZE);
    states = cell == CellType.LSTM
        ? new NDList(manager.zeros(stateShape), manager.zeros(stateShape))
        : new NDList(manager.zeros(stateShape));
  }

  /** Frees every native tensor. */
  @TearDown(Level.Trial)
  public void tearDown() {
    manager.close();
  }

  /** One time step of the whole batch; the new states replace the old ones. */
  @Benchmark
  public NDList step() {
    NDList result = cell == CellType.LSTM
        ? input.getNDArrayInternal().lstm(input, states, parameters, true, layers, 0, false, false, false)
        : input.getNDArrayInternal().gru(input, states.head(), parameters, true, layers, 0, false, false, false);
    states.close();
    result.head().close();
    states = result.subNDList(1);
    return states;
  }

  /** Per layer, in libtorch's order: weight_ih, weight_hh, bias_ih, bias_hh. */
  private NDList tensors(ModelParameters source) {
    NDList list = new NDList();
    for (int layer = 0; layer < layers; layer++) {
      for (String name : new String[] {
          ParameterSpec.weightIh(layer), ParameterSpec.weightHh(layer),
          ParameterSpec.biasIh(layer), ParameterSpec.biasHh(layer)}) {
        list.add(tensor(source, name));
      }
    }
    return list;
  }

  private NDArray tensor(ModelParameters source, String name) {
    double[] values = source.get(name);
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    int rows = cell.gates() * StepShapes.HIDDEN_SIZE;
    return manager.create(floats, values.length == rows ? new Shape(rows) : new Shape(rows, values.length / rows));
  }
}
