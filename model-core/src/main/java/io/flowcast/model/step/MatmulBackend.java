package io.flowcast.model.step;

import java.util.List;

/** Which engine computes the matrix part of a step. */
public enum MatmulBackend {
  /**
   * Java, no per-call overhead, and each key's result is bit-identical whatever batch it is stepped
   * in and wherever it sits in the batch. With {@code --add-modules jdk.incubator.vector} on the
   * JVM's command line this is the Vector API engine (fused multiply-adds over groups of keys,
   * about 0.25 us per LSTM H=64 key-step on one AVX-512 core, see {@link FusedLstmStep}), else
   * plain Java that the JIT vectorises (multiply, then add; about 1.4 us). The two round
   * differently in the last bits, so the guarantee holds within one JVM configuration: run every JVM of a job with the same flag (on a Flink cluster,
   * in {@code env.java.opts.all}).
   */
  JAVA,
  /**
   * ND4J gemm over the whole batch: OpenBLAS on CPU, cuBLAS when built with the {@code cuda}
   * profile. Pays a fixed cost of tens of microseconds per call and wins from a few dozen keys on;
   * results may differ in the last bits between batch sizes.
   */
  ND4J,
  /**
   * The fastest engine for the batch: on a CPU build with the Vector API that is {@link #JAVA} at
   * every batch size (0.25 against ND4J/OpenBLAS's 0.46 us per LSTM H=64 key-step at 1024 keys);
   * otherwise (plain-Java fallback, or ND4J on cuBLAS with the {@code cuda} profile) {@link #JAVA}
   * below {@link #AUTO_ND4J_MIN_BATCH} keys and {@link #ND4J} from there on, at the price of
   * bit-level differences between a key stepped in a small and in a large batch.
   */
  AUTO;

  /**
   * The batch size from which {@link #AUTO} uses ND4J when the Java engine is the plain-Java
   * fallback or ND4J runs on a GPU (measured crossover of the fallback on 2 cores: 16-32).
   */
  public static final int AUTO_ND4J_MIN_BATCH = 32;

  /** Whether the JVM runs with {@code jdk.incubator.vector} (which {@link #JAVA} then uses). */
  static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  /** Whether ND4J's CUDA backend (the {@code cuda} profile) is on the classpath. */
  static final boolean ND4J_ON_GPU = isOnClasspath("org.nd4j.linalg.jcublas.JCublasBackend");

  GateMatmul create(List<PackedLayer> layers, int maxBatch) {
    return switch (this) {
      case JAVA -> javaEngine(layers);
      case ND4J -> new Nd4jGateMatmul(layers, maxBatch);
      case AUTO -> maxBatch < AUTO_ND4J_MIN_BATCH || (VECTOR_API && !ND4J_ON_GPU)
          ? javaEngine(layers)
          : new BatchSizeSwitch(javaEngine(layers), new Nd4jGateMatmul(layers, maxBatch));
    };
  }

  /**
   * The {@link #JAVA} engine: {@link VectorGateMatmul} when the Vector API module is present, else
   * {@link JavaGateMatmul}. The vector class is loaded only on the first branch, so a JVM without
   * the module never resolves {@code jdk.incubator.vector}.
   */
  static GateMatmul javaEngine(List<PackedLayer> layers) {
    if (VECTOR_API) {
      return new VectorGateMatmul(layers);
    }
    return new JavaGateMatmul(layers);
  }

  private static boolean isOnClasspath(String className) {
    try {
      Class.forName(className, false, MatmulBackend.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
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
    public void gates(int first, int keys, int layer, float[] xh, float[][] blocks) {
      current.gates(first, keys, layer, xh, blocks);
    }
  }
}
