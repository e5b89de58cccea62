package io.flowcast.model.step;

/**
 * The built-in engine ({@link StepEngines#JAVA}): no per-call overhead, and each key's result is
 * bit-identical whatever batch it is stepped in and wherever it sits in the batch. With {@code
 * --add-modules jdk.incubator.vector} on the JVM's command line it runs on the Vector API: a
 * plain-LSTM layer whose H is a whole number of vectors goes through {@link FusedLstmStep} (about
 * 0.25 us per LSTM H=64 key-step on one AVX-512 core), every other layer through {@link
 * VectorGateMatmul} and the cell kernel. Without the module it is plain Java that the JIT
 * vectorises ({@link JavaGateMatmul}: multiply, then add; about 1.4 us). The two round differently
 * in the last bits, so the guarantee holds within one JVM configuration: run every JVM of a job
 * with the same flag (on a Flink cluster, in {@code env.java.opts.all}).
 */
final class JavaStepEngine implements StepEngine {
  @Override
  public String name() {
    return StepEngines.JAVA;
  }

  /**
   * The vector classes are loaded only on the Vector API branch, so a JVM without the module never
   * resolves {@code jdk.incubator.vector}.
   */
  @Override
  public LayerStep layer(LayerContext context) {
    if (!VectorApi.AVAILABLE) {
      return new TiledLayerStep(context, new JavaGateMatmul(context.weights()));
    }
    if (FusedLstmStep.supports(context)) {
      return new FusedLstmStep(context);
    }
    return new TiledLayerStep(context, new VectorGateMatmul(context.weights()));
  }
}
