package io.flowcast.model.step;

import java.nio.FloatBuffer;

/**
 * One layer's matmul over the whole batch at once, for engines built on a BLAS library (see
 * {@link GemmLayerStep}): the gate pre-activations {@code xh · W} of every key.
 */
public interface BatchMatmul extends AutoCloseable {

  /**
   * @param xh [batch, K] row-major (K = {@link PackedLayer#rows()})
   * @return [batch, N] row-major, key b's gates at {@code b*N} (N = {@link PackedLayer#columns()});
   *     valid until the next call
   */
  FloatBuffer multiply(int batch, float[] xh);

  /** Releases native memory; nothing by default. */
  @Override
  default void close() {}
}
