package io.flowcast.engine.nd4j;

import io.flowcast.model.step.GemmLayerStep;
import io.flowcast.model.step.LayerContext;
import io.flowcast.model.step.LayerStep;
import io.flowcast.model.step.StepEngine;
import io.flowcast.model.step.StepEngines;

/**
 * The {@code nd4j} step engine: per layer, one ND4J gemm over the whole batch (OpenBLAS on
 * linux-x86_64), then model-core's cell kernels ({@link GemmLayerStep}). Pays a fixed cost of tens
 * of microseconds per call and gives results that may differ in the last bits between batch
 * sizes; on a CPU with the Vector API the built-in Java engine is faster at every batch size (see
 * docs/BENCHMARKS.md). Found by {@link StepEngines#named} through {@link java.util.ServiceLoader};
 * ND4J and its natives load when the first layer is built, not when engines are listed.
 */
public final class Nd4jStepEngine implements StepEngine {

  @Override
  public String name() {
    return StepEngines.ND4J;
  }

  @Override
  public LayerStep layer(LayerContext context) {
    return new GemmLayerStep(context, new Nd4jBatchMatmul(context.weights(), context.maxBatch()));
  }
}
