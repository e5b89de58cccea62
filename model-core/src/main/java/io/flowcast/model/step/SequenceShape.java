package io.flowcast.model.step;

import io.flowcast.model.ModelConfig;

/** Checks the dimensions of a sequence forward's inputs against the model; T and B come from them. */
record SequenceShape(int steps, int batch) {

  static SequenceShape check(ModelConfig config, float[][][] inputs, float[][][] h0, float[][][] c0) {
    if (inputs == null || inputs.length == 0 || inputs[0].length == 0) {
      throw new IllegalArgumentException("inputs must be [T][B][I] with T >= 1 and B >= 1");
    }
    int batch = inputs[0].length;
    for (int t = 0; t < inputs.length; t++) {
      requireMatrix("inputs[" + t + "]", inputs[t], batch, config.inputSize());
    }
    checkState("h0", h0, config, batch);
    if (c0 != null && !config.cell().hasCellState()) {
      throw new IllegalArgumentException("c0 given but a " + config.cell().id() + " has no cell state");
    }
    checkState("c0", c0, config, batch);
    return new SequenceShape(inputs.length, batch);
  }

  private static void checkState(String name, float[][][] state, ModelConfig config, int batch) {
    if (state == null) {
      return;
    }
    if (state.length != config.numLayers()) {
      throw new IllegalArgumentException(
          name + " has " + state.length + " layers, the model has " + config.numLayers());
    }
    for (int layer = 0; layer < state.length; layer++) {
      requireMatrix(name + "[" + layer + "]", state[layer], batch, config.hiddenSize());
    }
  }

  private static void requireMatrix(String name, float[][] matrix, int rows, int columns) {
    if (matrix == null || matrix.length != rows) {
      throw new IllegalArgumentException(
          name + " must have " + rows + " rows (batch), has " + (matrix == null ? 0 : matrix.length));
    }
    for (int r = 0; r < rows; r++) {
      if (matrix[r] == null || matrix[r].length != columns) {
        throw new IllegalArgumentException(
            name + "[" + r + "] must have " + columns + " values, has "
                + (matrix[r] == null ? 0 : matrix[r].length));
      }
    }
  }
}
