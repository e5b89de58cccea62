package io.flowcast.model.io;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ParameterSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Infers a {@link ModelConfig} from the tensor shapes of a file without Flowcast metadata, such as
 * a PyTorch {@code safetensors.torch.save_file(model.state_dict(), path)} file, once {@link
 * StateDictLayout} has found the recurrent block and the head:
 *
 * <ul>
 *   <li>L = number of {@code weight_ih_l{k}}, which must be k = 0..L-1;
 *   <li>H = columns of {@code weight_hh_l0} [G*H, H], G = its rows / H;
 *   <li>I = columns of {@code weight_ih_l0};
 *   <li>cell: G = 1 RNN, 3 GRU, 4 LSTM, or LSTM_PEEPHOLE when {@code peephole_*} tensors exist;
 *   <li>O = rows of the head's weight [O, H], 0 when there is none.
 * </ul>
 *
 * A PyTorch {@code nn.RNN(nonlinearity='relu')} cannot be told from a tanh RNN by its shapes: G = 1
 * gives {@link CellType#RNN}, which {@link RnnNonlinearity} then settles. Messages name the tensors
 * as the file does.
 */
final class ConfigInference {
  private static final Pattern LAYER_INPUT = Pattern.compile("weight_ih_l(0|[1-9][0-9]{0,8})");
  private static final Pattern REVERSE = Pattern.compile("(weight|bias)_(ih|hh)_l[0-9]+_reverse");
  private static final Pattern PROJECTION = Pattern.compile("weight_hr_l[0-9]+(_reverse)?");

  private ConfigInference() {}

  /**
   * Rejects PyTorch variants whose extra tensors change the meaning of the others, so that
   * ignoring them would give a wrong model: bidirectional layers and LSTM projections.
   */
  static void rejectUnsupportedVariants(StateDictLayout layout) throws WeightFileException {
    for (String name : layout.tensors().keySet()) {
      if (REVERSE.matcher(name).matches()) {
        throw new WeightFileException(
            layout.fileName(name), "bidirectional models are not supported", null);
      }
      if (PROJECTION.matcher(name).matches()) {
        throw new WeightFileException(
            layout.fileName(name), "LSTM projections (proj_size) are not supported", null);
      }
    }
  }

  static ModelConfig infer(StateDictLayout layout) throws WeightFileException {
    Map<String, TensorInfo> tensors = layout.tensors();
    TreeSet<Integer> layers = new TreeSet<>();
    for (String name : tensors.keySet()) {
      Matcher matcher = LAYER_INPUT.matcher(name);
      if (matcher.matches()) {
        layers.add(Integer.parseInt(matcher.group(1)));
      }
    }
    for (int layer = 0; layer <= layers.last(); layer++) {
      if (!layers.contains(layer)) {
        throw new WeightFileException(
            layout.fileName(ParameterSpec.weightIh(layer)),
            "missing, but the file has " + layout.fileName(ParameterSpec.weightIh(layers.last()))
                + ": layers must be numbered 0 to L-1",
            null);
      }
    }
    int[] hh = matrix(layout, ParameterSpec.weightHh(0));
    int hidden = hh[1];
    if (hidden == 0 || hh[0] % hidden != 0) {
      throw new WeightFileException(
          layout.fileName(ParameterSpec.weightHh(0)),
          "shape " + Arrays.toString(hh) + " is not [G*H, H] with H > 0",
          null);
    }
    int gates = hh[0] / hidden;
    CellType cell =
        switch (gates) {
          case 1 -> CellType.RNN;
          case 3 -> CellType.GRU;
          case 4 -> hasPeepholes(tensors) ? CellType.LSTM_PEEPHOLE : CellType.LSTM;
          default -> throw new WeightFileException(
              layout.fileName(ParameterSpec.weightHh(0)),
              "shape " + Arrays.toString(hh) + " gives " + gates
                  + " gate blocks; expected 1 (RNN), 3 (GRU) or 4 (LSTM)",
              null);
        };
    int input = matrix(layout, ParameterSpec.weightIh(0))[1];
    int output = 0;
    if (tensors.containsKey(ParameterSpec.HEAD_WEIGHT)) {
      output = matrix(layout, ParameterSpec.HEAD_WEIGHT)[0];
      if (output == 0) {
        throw new WeightFileException(layout.fileName(ParameterSpec.HEAD_WEIGHT), "has 0 rows", null);
      }
    }
    try {
      return new ModelConfig(cell, input, hidden, layers.size(), output);
    } catch (IllegalArgumentException e) {
      throw new WeightFileException("inferred an invalid configuration: " + e.getMessage(), e);
    }
  }

  private static boolean hasPeepholes(Map<String, TensorInfo> tensors) {
    return tensors.keySet().stream().anyMatch(name -> name.startsWith("peephole_"));
  }

  private static int[] matrix(StateDictLayout layout, String name) throws WeightFileException {
    TensorInfo info = layout.tensors().get(name);
    if (info == null) {
      throw new WeightFileException(
          layout.fileName(name),
          "missing: it gives the model's sizes when the file has no "
              + ModelMetadata.FORMAT_VERSION + " metadata",
          null);
    }
    int[] shape = info.shape();
    if (shape.length != 2) {
      throw new WeightFileException(
          layout.fileName(name), "shape " + Arrays.toString(shape) + " is not a matrix", null);
    }
    return shape;
  }
}
