package io.flowcast.model.step;

/**
 * A step engine: builds each layer's {@link LayerStep} once, when a {@link BatchStepper} is
 * created. The Java engine ({@link StepEngines#JAVA}) is built in; others (ND4J, CUDA) are
 * plug-ins in their own modules, found at run time through {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/io.flowcast.model.step.StepEngine} entry) by {@link StepEngines#named}.
 *
 * <p>A provider is instantiated whenever engines are listed: its constructor must not load native
 * code or touch a device; do that in {@link #layer}.
 *
 * <p>Every engine computes the same equations (the cell kernels' javadoc) on the same packed
 * weights; only the Java engine promises results that are bit-identical whatever the batch.
 */
public interface StepEngine {

  /** The engine's name, as {@code model.engine} spells it (lower case, e.g. {@code java}). */
  String name();

  /** The step of one layer, built once per layer and stepper. */
  LayerStep layer(LayerContext context);

  /**
   * This engine bound to accelerator {@code device} (the index Flink's GPU external resource
   * assigned to the task); engines that run on the CPU return themselves.
   */
  default StepEngine onDevice(int device) {
    return this;
  }
}
