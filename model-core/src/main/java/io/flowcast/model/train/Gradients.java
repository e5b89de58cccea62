package io.flowcast.model.train;

import io.flowcast.model.InvalidParameterException;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ParameterSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradients of a loss with respect to every tensor of a model: the same PyTorch names and row-major
 * shapes as {@link io.flowcast.model.ModelParameters} (see {@link ParameterSpec}).
 */
public final class Gradients {
  private final ModelConfig config;
  private final Map<String, double[]> tensors;

  private Gradients(ModelConfig config, Map<String, double[]> tensors) {
    this.config = config;
    this.tensors = tensors;
  }

  /** All-zero gradients for a model of this configuration. */
  public static Gradients zeros(ModelConfig config) {
    Map<String, double[]> tensors = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(config)) {
      tensors.put(spec.name(), new double[spec.size()]);
    }
    return new Gradients(config, tensors);
  }

  public ModelConfig config() {
    return config;
  }

  /**
   * The live row-major gradient of a tensor.
   *
   * @throws InvalidParameterException if the model has no such tensor
   */
  public double[] get(String name) {
    double[] values = tensors.get(name);
    if (values == null) {
      throw new InvalidParameterException(name, "not a tensor of a " + config + " model");
    }
    return values;
  }

  /** Tensors in state_dict order (live arrays). */
  public Map<String, double[]> asMap() {
    return Collections.unmodifiableMap(tensors);
  }

  /** The L2 norm of all entries of all tensors taken together. */
  public double globalNorm() {
    double sum = 0;
    for (double[] values : tensors.values()) {
      for (double value : values) {
        sum += value * value;
      }
    }
    return Math.sqrt(sum);
  }

  /** Multiplies every entry by {@code factor}. */
  public void scale(double factor) {
    for (double[] values : tensors.values()) {
      for (int i = 0; i < values.length; i++) {
        values[i] *= factor;
      }
    }
  }
}
