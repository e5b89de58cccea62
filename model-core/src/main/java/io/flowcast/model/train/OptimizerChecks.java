package io.flowcast.model.train;

import io.flowcast.model.ModelParameters;

/** Argument checks shared by the optimisers. */
final class OptimizerChecks {
  private OptimizerChecks() {}

  static double learningRate(double lr) {
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate must be finite and > 0, got " + lr);
    }
    return lr;
  }

  static double weightDecay(double weightDecay) {
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
    }
    return weightDecay;
  }

  static double unitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }

  static void sameModel(ModelParameters parameters, Gradients gradients) {
    if (!parameters.config().equals(gradients.config())) {
      throw new IllegalArgumentException(
          "gradients of " + gradients.config() + " do not fit parameters of " + parameters.config());
    }
  }
}
