package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;

/**
 * Hidden state of a stacked model, {@code h [L][B][H]} and, for the LSTM kinds, {@code c [L][B][H]}
 * (null otherwise) — PyTorch's {@code (h_0, c_0)} / {@code (h_n, c_n)}.
 */
public record RecurrentState(Tensor3 h, Tensor3 c) {

  /** All-zero state for {@code batch} sequences. */
  public static RecurrentState zeros(ModelConfig config, int batch) {
    int layers = config.numLayers();
    int hidden = config.hiddenSize();
    return new RecurrentState(
        Tensor3.zeros(layers, batch, hidden),
        config.cell().hasCellState() ? Tensor3.zeros(layers, batch, hidden) : null);
  }

  /**
   * @throws IllegalArgumentException unless the shapes fit {@code config} and {@code batch}
   */
  void requireShape(ModelConfig config, int batch) {
    requireShape("h", h, config, batch);
    if (config.cell().hasCellState()) {
      requireShape("c", c, config, batch);
    }
  }

  private static void requireShape(String name, Tensor3 t, ModelConfig config, int batch) {
    if (t == null
        || t.dim0() != config.numLayers()
        || t.dim1() != batch
        || t.dim2() != config.hiddenSize()) {
      throw new IllegalArgumentException(
          "initial " + name + " must be [" + config.numLayers() + ", " + batch + ", "
              + config.hiddenSize() + "]");
    }
  }
}
