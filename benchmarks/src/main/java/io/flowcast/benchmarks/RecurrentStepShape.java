package io.flowcast.benchmarks;

import io.flowcast.model.CellType;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The shapes every engine that has both cells is measured on (Flowcast, libtorch): cell, layers
 * and keys per call, as JMH parameters inherited by the benchmark states. DL4J has no GRU, so its
 * benchmark declares its own.
 */
@State(Scope.Thread)
public abstract class RecurrentStepShape extends StepBenchmarkSettings {
  @Param({"LSTM", "GRU"})
  public CellType cell;

  @Param({"1", "2"})
  public int layers;

  @Param({"1", "64", "1024", "8192"})
  public int batch;
}
