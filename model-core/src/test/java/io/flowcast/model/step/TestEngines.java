package io.flowcast.model.step;

import java.util.function.Function;

/** The Java engine's layer steps one by one, as engines of their own (for tests). */
final class TestEngines {
  /** The plain-Java fallback, what a JVM without {@code jdk.incubator.vector} gets. */
  static final StepEngine PLAIN = of("plain", context -> new TiledLayerStep(context, new JavaGateMatmul(context.weights())));
  /** The Vector API matmul and the cell kernel for every layer: no fused LSTM step. */
  static final StepEngine UNFUSED_VECTOR =
      of("vector unfused", context -> new TiledLayerStep(context, new VectorGateMatmul(context.weights())));

  private TestEngines() {}

  static StepEngine of(String name, Function<LayerContext, LayerStep> layers) {
    return new StepEngine() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public LayerStep layer(LayerContext context) {
        return layers.apply(context);
      }
    };
  }
}
