package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ParameterSpec;
import java.util.function.Function;

/**
 * Live views of one layer's tensors, taken from a {@link io.flowcast.model.ModelParameters} or a
 * {@link Gradients} (same names, same shapes). Peephole arrays are null unless the cell has them.
 */
record LayerWeights(
    double[] weightIh,
    double[] weightHh,
    double[] biasIh,
    double[] biasHh,
    double[] peepholeI,
    double[] peepholeF,
    double[] peepholeO,
    int inputSize,
    int hiddenSize,
    int gateRows) {

  static LayerWeights of(ModelConfig config, int layer, Function<String, double[]> tensors) {
    boolean peepholes = config.cell().hasPeepholes();
    return new LayerWeights(
        tensors.apply(ParameterSpec.weightIh(layer)),
        tensors.apply(ParameterSpec.weightHh(layer)),
        tensors.apply(ParameterSpec.biasIh(layer)),
        tensors.apply(ParameterSpec.biasHh(layer)),
        peepholes ? tensors.apply(ParameterSpec.peephole('i', layer)) : null,
        peepholes ? tensors.apply(ParameterSpec.peephole('f', layer)) : null,
        peepholes ? tensors.apply(ParameterSpec.peephole('o', layer)) : null,
        config.layerInputSize(layer),
        config.hiddenSize(),
        config.gateRows());
  }
}
