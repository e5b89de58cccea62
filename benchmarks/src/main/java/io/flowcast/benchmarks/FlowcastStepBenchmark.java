package io.flowcast.benchmarks;

import io.flowcast.model.step.BatchStepper;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Flowcast's batched step: one {@link BatchStepper#step} call advances {@code batch} keys by one
 * time step, states carried from call to call in one preallocated buffer.
 */
@State(Scope.Thread)
public class FlowcastStepBenchmark extends RecurrentStepShape {
  /** The step engine's name ({@link StepEngines#named}, any case). */
  @Param({"JAVA", "ND4J", "AUTO"})
  public String backend;

  private BatchStepper stepper;
  private float[] inputs;
  private float[] states;

  /** Compiles the shared model and allocates every buffer once. */
  @Setup
  public void setUp() {
    RecurrentNetwork network = RecurrentNetwork.compile(StepShapes.parameters(cell, layers));
    stepper = network.newStepper(batch, StepEngines.named(backend));
    inputs = StepShapes.inputs(batch);
    states = new float[batch * network.stateLayout().size()];
  }

  /** One step of the whole batch; the new states stay in {@code states} for the next call. */
  @Benchmark
  public float[] step() {
    stepper.step(batch, inputs, states);
    return states;
  }
}
