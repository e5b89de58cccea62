package io.flowcast.model.train;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The exported form of an {@link Optimizer}'s per-tensor buffers: one entry per buffer under
 * {@code kind + "/" + tensor name} (e.g. {@code exp_avg/weight_ih_l0}), every array a copy, so that
 * the state can be stored elsewhere and imported into a fresh optimiser.
 */
final class OptimizerStates {
  private static final char SEPARATOR = '/';

  private OptimizerStates() {}

  /** Copies each of {@code buffers} into {@code state} under {@code kind/name}. */
  static void export(Map<String, double[]> state, String kind, Map<String, double[]> buffers) {
    buffers.forEach((name, values) -> state.put(kind + SEPARATOR + name, values.clone()));
  }

  /**
   * Splits exported per-tensor entries by kind: for each of {@code kinds}, its buffers by tensor
   * name (copies; an empty map for a kind without entries).
   *
   * @throws IllegalArgumentException on an entry of another kind
   */
  static Map<String, Map<String, double[]>> split(Map<String, double[]> state, Set<String> kinds) {
    Map<String, Map<String, double[]>> byKind = new HashMap<>();
    kinds.forEach(kind -> byKind.put(kind, new HashMap<>()));
    state.forEach((key, values) -> {
      int separator = key.indexOf(SEPARATOR);
      Map<String, double[]> buffers = separator < 0 ? null : byKind.get(key.substring(0, separator));
      if (buffers == null) {
        throw new IllegalArgumentException("unknown optimizer state entry '" + key + "' (expected "
            + String.join(", ", kinds) + " buffers)");
      }
      buffers.put(key.substring(separator + 1), values.clone());
    });
    return byKind;
  }

  /**
   * {@code buffer} (null passes) after checking that it holds one value per tensor value.
   *
   * @throws IllegalArgumentException if an imported buffer does not fit the tensor
   */
  static double[] requireLength(String name, double[] buffer, int length) {
    if (buffer != null && buffer.length != length) {
      throw new IllegalArgumentException("optimizer state of " + name + " has " + buffer.length
          + " values, the tensor has " + length);
    }
    return buffer;
  }
}
