package io.flowcast.model.step;

/**
 * The matrix part of one layer's step for a tile of keys: from the gathered rows {@code xh[b] =
 * [1, x_b, h_b]} (see {@link PackedLayer}) writes the gate pre-activations {@code xh[b] · W} of
 * keys {@code first .. first+keys-1} into {@code blocks[q][t*H .. (t+1)*H)}, t = 0..keys-1, one
 * array per gate block q. {@link TiledLayerStep} runs it tile by tile before the cell kernel.
 */
@FunctionalInterface
interface TileMatmul {

  /** @param keys keys in the tile, 1..{@link CellKernel#TILE} */
  void gates(int first, int keys, float[] xh, float[][] blocks);
}
