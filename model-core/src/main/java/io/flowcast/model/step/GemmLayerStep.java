package io.flowcast.model.step;

import java.nio.FloatBuffer;

/**
 * A layer step for BLAS engines: one {@link BatchMatmul} call over the whole batch, then the cell
 * kernel tile by tile on gates copied from its result, exactly as the Java engine's tiled step
 * runs them on its own.
 */
public final class GemmLayerStep implements LayerStep {
  private final BatchMatmul matmul;
  private final TiledLayerStep tiles;
  private final int hidden;
  private final int columns;
  private FloatBuffer gates;

  /** Runs {@code matmul}'s gates for layer {@code context} through the cell's kernel. */
  public GemmLayerStep(LayerContext context, BatchMatmul matmul) {
    this.matmul = matmul;
    this.hidden = context.weights().hiddenSize;
    this.columns = context.weights().columns;
    this.tiles = new TiledLayerStep(context, this::copyGates);
  }

  @Override
  public void step(int batch, float[] xh, float[] states) {
    gates = matmul.multiply(batch, xh);
    tiles.step(batch, xh, states);
  }

  private void copyGates(int first, int keys, float[] xh, float[][] blocks) {
    for (int slot = 0; slot < keys; slot++) {
      int row = (first + slot) * columns;
      for (int q = 0; q < blocks.length; q++) {
        gates.get(row + q * hidden, blocks[q], slot * hidden, hidden);
      }
    }
  }

  @Override
  public void close() {
    matmul.close();
  }
}
