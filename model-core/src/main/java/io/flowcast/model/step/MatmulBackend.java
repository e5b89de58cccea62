package io.flowcast.model.step;

import java.util.List;

/** Which engine computes the matrix part of a step. */
public enum MatmulBackend {
  /**
   * Plain Java, one key at a time: no per-call overhead (about 1.5 us per LSTM H=64 key-step on
   * one core), and each key's result is bit-identical whatever batch it is stepped in.
   */
  JAVA,
  /**
   * ND4J gemm over the whole batch: OpenBLAS on CPU, cuBLAS when built with the {@code cuda}
   * profile. Pays a fixed cost of tens of microseconds per call and wins from a few dozen keys on;
   * results may differ in the last bits between batch sizes.
   */
  ND4J,
  /**
   * {@link #JAVA} for batches below {@link #AUTO_ND4J_MIN_BATCH} keys, {@link #ND4J} from there on:
   * the fastest choice at every batch size, at the price of bit-level differences between a key
   * stepped in a small and in a large batch.
   */
  AUTO;

  /** The batch size from which {@link #AUTO} uses ND4J (measured crossover on 2 cores: 16-32). */
  public static final int AUTO_ND4J_MIN_BATCH = 32;

  GateMatmul create(List<PackedLayer> layers, int maxBatch) {
    return switch (this) {
      case JAVA -> new JavaGateMatmul(layers);
      case ND4J -> new Nd4jGateMatmul(layers, maxBatch);
      case AUTO -> maxBatch < AUTO_ND4J_MIN_BATCH
          ? new JavaGateMatmul(layers)
          : new BatchSizeSwitch(new JavaGateMatmul(layers), new Nd4jGateMatmul(layers, maxBatch));
    };
  }

  /** Routes each step to the Java engine for small batches and to ND4J for large ones. */
  private static final class BatchSizeSwitch implements GateMatmul {
    private final GateMatmul small;
    private final GateMatmul large;
    private GateMatmul current;

    BatchSizeSwitch(GateMatmul small, GateMatmul large) {
      this.small = small;
      this.large = large;
      this.current = small;
    }

    @Override
    public void multiply(int batch, int layer, float[] xh) {
      current = batch < AUTO_ND4J_MIN_BATCH ? small : large;
      current.multiply(batch, layer, xh);
    }

    @Override
    public void gates(int key, int layer, float[] xh, float[][] blocks, int slot) {
      current.gates(key, layer, xh, blocks, slot);
    }
  }
}
