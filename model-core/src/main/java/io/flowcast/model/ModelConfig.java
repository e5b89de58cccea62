package io.flowcast.model;

/**
 * Shape of a stacked recurrent model: cell kind, input size I, hidden size H, number of layers L,
 * and the output size O of the linear head on the top layer's hidden state (0 = no head).
 *
 * <p>Layer 0 reads the I inputs; layer k &gt; 0 reads layer k-1's hidden state (H values).
 */
public record ModelConfig(CellType cell, int inputSize, int hiddenSize, int numLayers, int outputSize) {

  /** Validates the sizes. */
  public ModelConfig {
    if (cell == null) {
      throw new IllegalArgumentException("cell is required");
    }
    requirePositive("inputSize", inputSize);
    requirePositive("hiddenSize", hiddenSize);
    requirePositive("numLayers", numLayers);
    if (outputSize < 0) {
      throw new IllegalArgumentException("outputSize must be >= 0 (0 = no head), got " + outputSize);
    }
  }

  /** True when the model has a linear head ({@code out.weight}, {@code out.bias}). */
  public boolean hasHead() {
    return outputSize > 0;
  }

  /** Number of inputs layer {@code layer} reads: I for layer 0, H above it. */
  public int layerInputSize(int layer) {
    return layer == 0 ? inputSize : hiddenSize;
  }

  /** Rows of the gate matrices: G*H. */
  public int gateRows() {
    return cell.gates() * hiddenSize;
  }

  /** Returns the same model with another head size (0 removes the head). */
  public ModelConfig withOutputSize(int newOutputSize) {
    return new ModelConfig(cell, inputSize, hiddenSize, numLayers, newOutputSize);
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
