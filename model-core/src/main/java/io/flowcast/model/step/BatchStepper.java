package io.flowcast.model.step;

import java.util.List;

/**
 * Advances a batch of keys by one time step in one call: B keys' inputs plus their states (in the
 * caller's flat buffer, see {@link StateLayout}) become their new states, in place.
 *
 * <p>Per layer: the rows {@code [1, x_b, h_b]} of all keys are gathered into one matrix and the
 * layer's {@link LayerStep}, chosen once by the {@link StepEngine} when the stepper is built,
 * updates h (and c) in the state buffer; layer k+1 reads layer k's new h. A stepper owns scratch
 * buffers sized for {@link #maxBatch()} keys and allocates nothing per call: create one per
 * thread, and close it when done (engines on a device free their memory then).
 */
public final class BatchStepper implements AutoCloseable {
  private final RecurrentNetwork network;
  private final List<PackedLayer> layers;
  private final StateLayout layout;
  private final LayerStep[] steps;
  private final int maxBatch;
  private final float[] xh;

  BatchStepper(RecurrentNetwork network, List<PackedLayer> layers, int maxBatch, StepEngine engine) {
    if (maxBatch <= 0) {
      throw new IllegalArgumentException("maxBatch must be > 0, got " + maxBatch);
    }
    this.network = network;
    this.layers = layers;
    this.layout = network.stateLayout();
    this.maxBatch = maxBatch;
    int maxRows = layers.stream().mapToInt(l -> l.rows).max().orElseThrow();
    this.xh = new float[maxBatch * maxRows];
    this.steps = new LayerStep[layers.size()];
    for (int layer = 0; layer < steps.length; layer++) {
      steps[layer] = engine.layer(
          new LayerContext(network.config().cell(), layer, layers.get(layer), layout, maxBatch));
    }
  }

  /** The largest batch one call accepts. */
  public int maxBatch() {
    return maxBatch;
  }

  /** The step the engine chose for layer {@code layer} (for tests). */
  LayerStep layerStep(int layer) {
    return steps[layer];
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
    for (int layer = 0; layer < steps.length; layer++) {
      gatherRows(batch, layer, inputs, states);
      steps[layer].step(batch, xh, states);
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

  /** Closes every layer's step. */
  @Override
  public void close() {
    for (LayerStep step : steps) {
      step.close();
    }
  }
}
