package io.flowcast.model.step;

import io.flowcast.model.CellType;
import java.util.List;
import java.util.function.Function;

/**
 * Advances a batch of keys by one time step in one call: B keys' inputs plus their states (in the
 * caller's flat buffer, see {@link StateLayout}) become their new states, in place.
 *
 * <p>Per layer: the rows {@code [1, x_b, h_b]} of all keys are gathered into one matrix, the
 * matmul engine gives every key's gate pre-activations, and the cell kernel updates h (and c) in
 * the state buffer, a tile of keys at a time; layer k+1 reads layer k's new h. A plain-LSTM layer
 * that the engine can step in one pass ({@link GateMatmul#fusesLstm}: the Vector API engine, see
 * {@link FusedLstmStep}) skips the gate blocks and the kernel. A stepper owns scratch buffers
 * sized for {@link #maxBatch()} keys and allocates nothing per call: create one per thread.
 */
public final class BatchStepper {
  private final RecurrentNetwork network;
  private final List<PackedLayer> layers;
  private final StateLayout layout;
  private final CellKernel kernel;
  private final GateMatmul matmul;
  private final int maxBatch;
  private final float[] xh;
  private final float[][] gateBlocks;
  private final TileStates tile;
  /** Per layer: whether the engine steps it in one fused pass (plain LSTM on the Vector API). */
  private final boolean[] fused;

  BatchStepper(
      RecurrentNetwork network, List<PackedLayer> layers, int maxBatch, Function<List<PackedLayer>, GateMatmul> engine) {
    if (maxBatch <= 0) {
      throw new IllegalArgumentException("maxBatch must be > 0, got " + maxBatch);
    }
    this.network = network;
    this.layers = layers;
    this.layout = network.stateLayout();
    this.kernel = CellKernel.of(network.config().cell(), network.config().hiddenSize());
    this.matmul = engine.apply(layers);
    this.maxBatch = maxBatch;
    int maxRows = layers.stream().mapToInt(l -> l.rows).max().orElseThrow();
    int maxBlocks = layers.stream().mapToInt(l -> l.blocks).max().orElseThrow();
    this.xh = new float[maxBatch * maxRows];
    this.gateBlocks = new float[maxBlocks][CellKernel.TILE * network.config().hiddenSize()];
    this.tile = new TileStates(layout);
    this.fused = new boolean[layers.size()];
    for (int layer = 0; layer < fused.length; layer++) {
      fused[layer] = network.config().cell() == CellType.LSTM && matmul.fusesLstm(layer);
    }
  }

  /** The largest batch one call accepts. */
  public int maxBatch() {
    return maxBatch;
  }

  /** Whether layer {@code layer} goes through the engine's fused LSTM step (for tests). */
  boolean fuses(int layer) {
    return fused[layer];
  }

  public RecurrentNetwork network() {
    return network;
  }

  /**
   * Steps {@code batch} keys once.
   *
   * @param batch number of keys, 1..{@link #maxBatch()}
   * @param inputs [batch, I] row-major: key b's inputs at {@code b * I}
   * @param states [batch, stateSize] row-major (see {@link StateLayout}); read and updated in place
   */
  public void step(int batch, float[] inputs, float[] states) {
    int inputSize = network.config().inputSize();
    if (batch < 1 || batch > maxBatch) {
      throw new IllegalArgumentException("batch must be in 1.." + maxBatch + ", got " + batch);
    }
    if (inputs.length < batch * inputSize || states.length < batch * layout.size()) {
      throw new IllegalArgumentException(
          "buffers too small for batch " + batch + ": inputs " + inputs.length + " < "
              + batch * inputSize + " or states " + states.length + " < " + batch * layout.size());
    }
    for (int layer = 0; layer < layers.size(); layer++) {
      PackedLayer packed = layers.get(layer);
      gatherRows(batch, layer, inputs, states);
      if (fused[layer]) {
        matmul.stepLstm(batch, layer, xh, states, layout);
        continue;
      }
      matmul.multiply(batch, layer, xh);
      for (int first = 0; first < batch; first += CellKernel.TILE) {
        int keys = Math.min(CellKernel.TILE, batch - first);
        matmul.gates(first, keys, layer, xh, gateBlocks);
        tile.select(first, layer);
        kernel.apply(keys, gateBlocks, states, tile, packed);
      }
    }
  }

  /** Fills xh[b] = [1, layer input, layer's h] for every key. */
  private void gatherRows(int batch, int layer, float[] inputs, float[] states) {
    PackedLayer packed = layers.get(layer);
    int rows = packed.rows;
    int inputSize = packed.inputSize;
    int hidden = packed.hiddenSize;
    int stride = layout.size();
    int ownHidden = layout.hiddenOffset(layer);
    for (int b = 0; b < batch; b++) {
      int row = b * rows;
      xh[row] = 1f;
      if (layer == 0) {
        System.arraycopy(inputs, b * inputSize, xh, row + 1, inputSize);
      } else {
        System.arraycopy(states, b * stride + layout.hiddenOffset(layer - 1), xh, row + 1, inputSize);
      }
      System.arraycopy(states, b * stride + ownHidden, xh, row + 1 + inputSize, hidden);
    }
  }

  /**
   * Applies the linear head to the top layer's h of {@code batch} keys: {@code out[b] = out.weight
   * · h_top[b] + out.bias}.
   *
   * @param out [batch, O] row-major
   * @throws IllegalStateException if the model has no head
   */
  public void head(int batch, float[] states, float[] out) {
    network.head().apply(batch, states, layout, out);
  }
}
