package io.flowcast.model.train;

import io.flowcast.model.InvalidParameterException;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.util.Map;

/**
 * Gradients of a loss with respect to every tensor of a model: the same PyTorch names and row-major
 * shapes as {@link ModelParameters} (see {@link ParameterSpec}), held in a zero-initialised
 * parameter set of the same configuration.
 */
public final class Gradients {
  private final ModelParameters values;

  private Gradients(ModelParameters values) {
    this.values = values;
  }

  /** All-zero gradients for a model of this configuration. */
  public static Gradients zeros(ModelConfig config) {
    return new Gradients(ModelParameters.zeros(config));
  }

  public ModelConfig config() {
    return values.config();
  }

  /**
   * The live row-major gradient of a tensor.
   *
   * @throws InvalidParameterException if the model has no such tensor
   */
  public double[] get(String name) {
    return values.get(name);
  }

  /** Tensors in state_dict order (live arrays). */
  public Map<String, double[]> asMap() {
    return values.asMap();
  }

  /** The L2 norm of all entries of all tensors taken together. */
  public double globalNorm() {
    double sum = 0;
    for (double[] tensor : values.asMap().values()) {
      for (double value : tensor) {
        sum += value * value;
      }
    }
    return Math.sqrt(sum);
  }

  /** Multiplies every entry by {@code factor}. */
  public void scale(double factor) {
    for (double[] tensor : values.asMap().values()) {
      for (int i = 0; i < tensor.length; i++) {
        tensor[i] *= factor;
      }
    }
  }
}
