package io.flowcast.benchmarks;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The roofline: one ND4J (OpenBLAS) sgemm of the step's layer-0 matmul shape, [B, 1 + I + H] x [1
 * + I + H, 4H] = [B, 69] x [69, 256], into a preallocated output. No gathering, no gate math: a
 * step cannot be cheaper than this unless its matmul beats OpenBLAS.
 */
@State(Scope.Thread)
public class SgemmRooflineBenchmark extends StepBenchmarkSettings {
  @Param({"1", "64", "1024", "8192"})
  public int batch;

  private INDArray rows;
  private INDArray weights;
  private INDArray gates;

  /** Allocates the seeded operands and the output once. */
  @Setup
  public void setUp() {
    int k = StepShapes.gateMatmulRows();
    int n = StepShapes.gateMatmulColumns();
    Random random = new Random(7);
    rows = Nd4j.create(StepShapes.uniform(batch * k, random), new long[] {batch, k}, 'c');
    weights = Nd4j.create(StepShapes.uniform(k * n, random), new long[] {k, n}, 'c');
    gates = Nd4j.create(rows.dataType(), new long[] {batch, n}, 'c');
  }

  /** gates = rows x weights. */
  @Benchmark
  public INDArray sgemm() {
    return Nd4j.gemm(rows, weights, gates, false, false, 1.0, 0.0);
  }
}
