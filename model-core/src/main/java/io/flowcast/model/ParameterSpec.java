package io.flowcast.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Name and shape of one model tensor, named exactly as in a PyTorch {@code state_dict} of {@code
 * nn.RNN} / {@code nn.LSTM} / {@code nn.GRU} (plus a {@code Linear} head called {@code out}).
 *
 * <pre>
 *   weight_ih_l{k}  [G*H, I_k]     I_0 = I, I_k = H for k &gt; 0
 *   weight_hh_l{k}  [G*H, H]
 *   bias_ih_l{k}    [G*H]
 *   bias_hh_l{k}    [G*H]
 *   peephole_i_l{k}, peephole_f_l{k}, peephole_o_l{k}  [H]   (peephole LSTM only)
 *   out.weight      [O, H]                                  (only with a head)
 *   out.bias        [O]
 * </pre>
 *
 * Gate blocks are stacked along the rows: LSTM i, f, g, o; GRU r, z, n; RNN a single block.
 */
public record ParameterSpec(String name, int[] shape) {

  public static final String HEAD_WEIGHT = "out.weight";
  public static final String HEAD_BIAS = "out.bias";

  /** Number of scalars in the tensor. */
  public int size() {
    int size = 1;
    for (int dim : shape) {
      size *= dim;
    }
    return size;
  }

  /** Shape as text, e.g. {@code [256, 4]}. */
  public String shapeText() {
    return Arrays.toString(shape);
  }

  public static String weightIh(int layer) {
    return "weight_ih_l" + layer;
  }

  public static String weightHh(int layer) {
    return "weight_hh_l" + layer;
  }

  public static String biasIh(int layer) {
    return "bias_ih_l" + layer;
  }

  public static String biasHh(int layer) {
    return "bias_hh_l" + layer;
  }

  /** Peephole vector name; {@code gate} is one of {@code i}, {@code f}, {@code o}. */
  public static String peephole(char gate, int layer) {
    return "peephole_" + gate + "_l" + layer;
  }

  /** All tensors of a model of this configuration, in state_dict order. */
  public static List<ParameterSpec> of(ModelConfig config) {
    List<ParameterSpec> specs = new ArrayList<>();
    int rows = config.gateRows();
    int hidden = config.hiddenSize();
    for (int layer = 0; layer < config.numLayers(); layer++) {
      specs.add(new ParameterSpec(weightIh(layer), new int[] {rows, config.layerInputSize(layer)}));
      specs.add(new ParameterSpec(weightHh(layer), new int[] {rows, hidden}));
      specs.add(new ParameterSpec(biasIh(layer), new int[] {rows}));
      specs.add(new ParameterSpec(biasHh(layer), new int[] {rows}));
      if (config.cell().hasPeepholes()) {
        for (char gate : new char[] {'i', 'f', 'o'}) {
          specs.add(new ParameterSpec(peephole(gate, layer), new int[] {hidden}));
        }
      }
    }
    if (config.hasHead()) {
      specs.add(new ParameterSpec(HEAD_WEIGHT, new int[] {config.outputSize(), hidden}));
      specs.add(new ParameterSpec(HEAD_BIAS, new int[] {config.outputSize()}));
    }
    return List.copyOf(specs);
  }
}
