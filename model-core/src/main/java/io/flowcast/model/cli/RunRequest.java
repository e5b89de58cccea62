package io.flowcast.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowcast.model.ModelConfig;

/**
 * The input of {@code model run}: {@code {"inputs": [T][B][I], "h0": [L][B][H] (optional),
 * "c0": [L][B][H] (optional, LSTM kinds)}}, checked against the model's sizes; with batch_first
 * the inputs are [B][T][I]. {@link #inputs()} is always [T][B][I].
 */
record RunRequest(float[][][] inputs, float[][][] h0, float[][][] c0) {

  static RunRequest parse(JsonNode root, ModelConfig config, boolean batchFirst)
      throws InvalidInputException {
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("input must be a JSON object with \"inputs\"");
    }
    JsonNode inputsNode = root.get("inputs");
    if (inputsNode == null) {
      throw new InvalidInputException(
          "missing \"inputs\" (" + (batchFirst ? "[B][T][I]" : "[T][B][I]") + ")");
    }
    float[][][] written = cube("inputs", inputsNode, -1, -1, config.inputSize(), "I");
    float[][][] inputs = batchFirst ? swapFirstTwo(written) : written;
    int batch = inputs[0].length;
    float[][][] h0 = optionalState("h0", root.get("h0"), config, batch);
    float[][][] c0 = optionalState("c0", root.get("c0"), config, batch);
    if (c0 != null && !config.cell().hasCellState()) {
      throw new InvalidInputException("\"c0\" given but a " + config.cell().id() + " model has no cell state");
    }
    return new RunRequest(inputs, h0, c0);
  }

  /** [a][b][*] to [b][a][*] (rows shared, not copied): batch-first to time-first and back. */
  static float[][][] swapFirstTwo(float[][][] cube) {
    float[][][] swapped = new float[cube[0].length][cube.length][];
    for (int i = 0; i < cube.length; i++) {
      for (int j = 0; j < cube[i].length; j++) {
        swapped[j][i] = cube[i][j];
      }
    }
    return swapped;
  }

  private static float[][][] optionalState(String name, JsonNode node, ModelConfig config, int batch)
      throws InvalidInputException {
    if (node == null || node.isNull()) {
      return null;
    }
    return cube(name, node, config.numLayers(), batch, config.hiddenSize(), "H");
  }

  /** Parses a [d0][d1][d2] number array; -1 means "any, but at least 1 and the same throughout". */
  private static float[][][] cube(String name, JsonNode node, int d0, int d1, int d2, String d2Name)
      throws InvalidInputException {
    requireArray(name, node, d0);
    float[][][] cube = new float[node.size()][][];
    int rows = d1;
    for (int i = 0; i < node.size(); i++) {
      JsonNode matrix = node.get(i);
      String at = name + "[" + i + "]";
      requireArray(at, matrix, rows);
      rows = matrix.size();
      cube[i] = new float[rows][];
      for (int j = 0; j < rows; j++) {
        JsonNode vector = matrix.get(j);
        String vectorAt = at + "[" + j + "]";
        if (!vector.isArray() || vector.size() != d2) {
          throw new InvalidInputException(
              vectorAt + " must hold " + d2 + " numbers (" + d2Name + " = " + d2 + " from the weights), got "
                  + (vector.isArray() ? vector.size() + " values" : vector.getNodeType().toString().toLowerCase()));
        }
        cube[i][j] = new float[d2];
        for (int k = 0; k < d2; k++) {
          JsonNode value = vector.get(k);
          if (!value.isNumber() || !Float.isFinite((float) value.asDouble())) {
            throw new InvalidInputException(vectorAt + "[" + k + "] is not a finite float: " + value);
          }
          cube[i][j][k] = (float) value.asDouble();
        }
      }
    }
    return cube;
  }

  private static void requireArray(String name, JsonNode node, int expectedSize) throws InvalidInputException {
    if (!node.isArray() || node.isEmpty()) {
      throw new InvalidInputException(name + " must be a non-empty array");
    }
    if (expectedSize >= 0 && node.size() != expectedSize) {
      throw new InvalidInputException(name + " must have " + expectedSize + " entries, has " + node.size());
    }
  }
}
