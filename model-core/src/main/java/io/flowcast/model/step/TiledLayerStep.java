package io.flowcast.model.step;

/**
 * A layer step in tiles of {@link CellKernel#TILE} keys: per tile, the {@link TileMatmul} writes
 * the gate pre-activations into one scratch array per gate block and the {@link CellKernel} turns
 * them into the tile's new h (and c) in the state buffer.
 */
final class TiledLayerStep implements LayerStep {
  private final TileMatmul matmul;
  private final CellKernel kernel;
  private final PackedLayer weights;
  private final int layer;
  private final float[][] blocks;
  private final TileStates tile;

  TiledLayerStep(LayerContext context, TileMatmul matmul) {
    this.matmul = matmul;
    this.weights = context.weights();
    this.kernel = CellKernel.of(context.cell(), weights.hiddenSize);
    this.layer = context.layer();
    this.blocks = new float[weights.blocks][CellKernel.TILE * weights.hiddenSize];
    this.tile = new TileStates(context.layout());
  }

  @Override
  public void step(int batch, float[] xh, float[] states) {
    for (int first = 0; first < batch; first += CellKernel.TILE) {
      int keys = Math.min(CellKernel.TILE, batch - first);
      matmul.gates(first, keys, xh, blocks);
      tile.select(first, layer);
      kernel.apply(keys, blocks, states, tile, weights);
    }
  }
}
