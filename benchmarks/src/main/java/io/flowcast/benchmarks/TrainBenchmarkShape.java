package io.flowcast.benchmarks;

import io.flowcast.model.CellType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JMH parameters and settings both training benchmarks share (see {@link TrainShapes}):
 * cell and hidden size; milliseconds per optimiser step, one fork with the Vector API module.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g", "-Dai.djl.offline=true", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public abstract class TrainBenchmarkShape {
  @Param({"LSTM", "GRU"})
  public CellType cell;

  @Param({"32", "64"})
  public int hidden;
}
