package io.flowcast.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of one model, keyed by their PyTorch names (see {@link ParameterSpec}), held as
 * row-major {@code double[]} so that both F32 and F64 weight files load exactly.
 *
 * <p>This is the master copy: training updates these arrays in place; inference compiles them into
 * packed float weights ({@link io.flowcast.model.step.RecurrentNetwork#compile}). Not thread-safe while being trained.
 */
public final class ModelParameters {
  private final ModelConfig config;
  private final Map<String, double[]> tensors;

  private ModelParameters(ModelConfig config, Map<String, double[]> tensors) {
    this.config = config;
    this.tensors = tensors;
  }

  /** All-zero parameters of the given shape (initialise them with the training package). */
  public static ModelParameters zeros(ModelConfig config) {
    Map<String, double[]> tensors = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(config)) {
      tensors.put(spec.name(), new double[spec.size()]);
    }
    return new ModelParameters(config, tensors);
  }

  /**
   * Builds parameters from named tensors, checking that every tensor the configuration needs is
   * present with the right number of values and finite. Extra tensors are ignored.
   *
   * @throws InvalidParameterException naming the first missing, mis-sized or non-finite tensor
   */
  public static ModelParameters of(ModelConfig config, Map<String, double[]> named) {
    Map<String, double[]> tensors = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(config)) {
      double[] values = named.get(spec.name());
      if (values == null) {
        throw new InvalidParameterException(spec.name(), "missing (expected shape " + spec.shapeText() + ")");
      }
      if (values.length != spec.size()) {
        throw new InvalidParameterException(
            spec.name(), "has " + values.length + " values, expected shape " + spec.shapeText());
      }
      requireFinite(spec.name(), values);
      tensors.put(spec.name(), values.clone());
    }
    return new ModelParameters(config, tensors);
  }

  public ModelConfig config() {
    return config;
  }

  /**
   * The live row-major values of a tensor (not a copy: training writes through it).
   *
   * @throws InvalidParameterException if this model has no such tensor
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
    return java.util.Collections.unmodifiableMap(tensors);
  }

  /** Total number of scalars. */
  public int size() {
    return tensors.values().stream().mapToInt(v -> v.length).sum();
  }

  /** A deep copy. */
  public ModelParameters copy() {
    Map<String, double[]> copy = new LinkedHashMap<>();
    tensors.forEach((name, values) -> copy.put(name, values.clone()));
    return new ModelParameters(config, copy);
  }

  /**
   * @throws InvalidParameterException naming the first tensor holding NaN or infinity
   */
  public void requireFinite() {
    tensors.forEach(ModelParameters::requireFinite);
  }

  private static void requireFinite(String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new InvalidParameterException(name, "value " + values[i] + " at flat index " + i);
      }
    }
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ModelParameters that) || !config.equals(that.config)) {
      return false;
    }
    for (Map.Entry<String, double[]> entry : tensors.entrySet()) {
      if (!Arrays.equals(entry.getValue(), that.tensors.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return config.hashCode();
  }
}
