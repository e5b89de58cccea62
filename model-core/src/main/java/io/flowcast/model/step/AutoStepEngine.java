package io.flowcast.model.step;

import java.util.Optional;

/**
 * {@link StepEngines#AUTO}: the faster of the Java and ND4J engines for each batch (the GPU engine
 * is chosen by name only, {@code cuda}). With the Vector
 * API that is the Java engine at every batch size (0.25 against ND4J/OpenBLAS's 0.46 us per LSTM
 * H=64 key-step at 1024 keys). On the plain-Java fallback, with the ND4J engine on the classpath,
 * it is Java below {@link #MIN_GEMM_BATCH} keys and ND4J from there on, at the price of bit-level
 * differences between a key stepped in a small and in a large batch; without it, Java.
 */
final class AutoStepEngine implements StepEngine {
  /**
   * The batch size from which the plain-Java fallback hands a step to ND4J (measured crossover on
   * 2 cores: 16-32).
   */
  static final int MIN_GEMM_BATCH = 32;

  private final StepEngine java;
  private final Optional<StepEngine> gemm;

  AutoStepEngine(StepEngine java, Optional<StepEngine> gemm) {
    this.java = java;
    this.gemm = gemm;
  }

  @Override
  public String name() {
    return StepEngines.AUTO;
  }

  @Override
  public LayerStep layer(LayerContext context) {
    if (VectorApi.AVAILABLE || gemm.isEmpty() || context.maxBatch() < MIN_GEMM_BATCH) {
      return java.layer(context);
    }
    return new BatchSizeSwitch(java.layer(context), gemm.get().layer(context));
  }

  /** Routes each step to one engine's layer step for small batches and to another's for large ones. */
  private static final class BatchSizeSwitch implements LayerStep {
    private final LayerStep small;
    private final LayerStep large;

    BatchSizeSwitch(LayerStep small, LayerStep large) {
      this.small = small;
      this.large = large;
    }

    @Override
    public void step(int batch, float[] xh, float[] states) {
      (batch < MIN_GEMM_BATCH ? small : large).step(batch, xh, states);
    }

    @Override
    public void close() {
      small.close();
      large.close();
    }
  }
}
