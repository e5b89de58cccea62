package io.flowcast.model.train;

import io.flowcast.model.step.FastActivations;

/**
 * The elementwise activation of an Elman RNN in the float32 trainer ({@link RnnCell}'s tanh or
 * ReLU), with its derivative written in terms of the output y = f(x), which is what the tape
 * keeps. tanh is the step engine's {@link FastActivations#tanh}, so the trainer and the step
 * compute the same forward.
 */
enum Activation {
  /** {@code tanh}, derivative {@code 1 - y^2}. */
  TANH {
    @Override
    float apply(float x) {
      return FastActivations.tanh(x);
    }

    @Override
    float derivative(float y) {
      return 1f - y * y;
    }
  },

  /** {@code max(0, x)}, derivative {@code [y > 0]} (0 at 0, as PyTorch's subgradient). */
  RELU {
    @Override
    float apply(float x) {
      return Math.max(0f, x);
    }

    @Override
    float derivative(float y) {
      return y > 0f ? 1f : 0f;
    }
  };

  abstract float apply(float x);

  /** f'(x) where y = f(x). */
  abstract float derivative(float y);
}
