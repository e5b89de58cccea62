package io.flowcast.model.train;

import io.flowcast.model.ModelParameters;
import java.util.Map;

/**
 * Updates {@link ModelParameters} in place from {@link Gradients} of the same configuration,
 * keeping any per-tensor state (momentum, moments) keyed by tensor name. Weight decay, where
 * supported, is PyTorch's coupled L2 form: {@code wd * p} is added to the gradient before the
 * update (it does not modify the {@link Gradients}) and applies to every tensor, biases included.
 */
public interface Optimizer {

  /** One update of every tensor. */
  void step(ModelParameters parameters, Gradients gradients);

  /**
   * A copy of the optimiser's state (step count, per-tensor buffers) as named arrays, e.g. to keep
   * it in a checkpoint or stream state; empty before the first step.
   */
  Map<String, double[]> state();

  /**
   * Replaces the state with a copy of one exported by {@link #state()} of an optimiser of the same
   * kind, so that the next steps continue exactly where that one stopped.
   *
   * @throws IllegalArgumentException on an entry this optimiser does not keep
   */
  void restoreState(Map<String, double[]> state);
}
