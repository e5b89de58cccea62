package io.flowcast.model.step;

import java.util.List;

/** Which engine computes the matrix part of a step. */
public enum MatmulBackend {
  /**
   * Plain Java, one row at a time: no per-call overhead, and each key's result is bit-identical
   * whatever the batch it is stepped in. The default.
   */
  JAVA,
  /**
   * ND4J gemm: OpenBLAS on CPU, cuBLAS when built with the {@code cuda} profile. Pays a fixed cost
   * per call; results may differ in the last bits between batch sizes.
   */
  ND4J;

  GateMatmul create(List<PackedLayer> layers, int maxBatch) {
    return switch (this) {
      case JAVA -> new JavaGateMatmul(layers);
      case ND4J -> new Nd4jGateMatmul(layers, maxBatch);
    };
  }
}
