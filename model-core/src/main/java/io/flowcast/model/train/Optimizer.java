package io.flowcast.model.train;

import io.flowcast.model.ModelParameters;

/**
 * Updates {@link ModelParameters} in place from {@link Gradients} of the same configuration,
 * keeping any per-tensor state (momentum, moments) keyed by tensor name. Weight decay, where
 * supported, is PyTorch's coupled L2 form: {@code wd * p} is added to the gradient before the
 * update (it does not modify the {@link Gradients}) and applies to every tensor, biases included.
 */
public interface Optimizer {

  /** One update of every tensor. */
  void step(ModelParameters parameters, Gradients gradients);
}
