package io.flowcast.model.step;

/**
 * One layer's part of a batched step, chosen once per layer by a {@link StepEngine} when a {@link
 * BatchStepper} is built: a matmul followed by the cell kernel ({@link GemmLayerStep} and the Java
 * engine's tiled step), or one fused pass. Implementations own their scratch memory, allocate
 * nothing per call and are not thread-safe.
 */
public interface LayerStep extends AutoCloseable {

  /**
   * Advances keys {@code 0..batch-1} of this layer by one step.
   *
   * @param batch keys, 1..{@link LayerContext#maxBatch()}
   * @param xh [batch, K] row-major, key b's row {@code [1, layer input, old h]} at {@code b*K}, K =
   *     {@link PackedLayer#rows()}, already gathered by the stepper (so h may be written in place)
   * @param states the state buffer (see {@link StateLayout}): this layer's h (and c) of every key
   *     are read (c) and written (h, c) there
   */
  void step(int batch, float[] xh, float[] states);

  /** Releases what the step holds outside the Java heap (device memory, streams); nothing by default. */
  @Override
  default void close() {}
}
