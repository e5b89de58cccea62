package io.flowcast.model.train;

import io.flowcast.model.ModelParameters;
import java.util.Map;

/**
 * What both trainers do after the backward pass: clipping by global norm (or just measuring it),
 * the finiteness checks, and one {@link Optimizer} update in place. If the loss or the norm is not
 * finite it throws {@link IllegalStateException} and leaves the parameters untouched. The
 * optimiser's state can be exported ({@link Optimizer#state()}); {@link Trainer.Builder} imports it.
 */
final class GradientStep {
  private final Optimizer optimizer;
  private final double clipNorm;

  /** {@code clipNorm} &gt; 0; {@code +infinity} disables clipping. */
  GradientStep(Optimizer optimizer, double clipNorm) {
    this.optimizer = optimizer;
    this.clipNorm = clipNorm;
  }

  /** @throws IllegalStateException if {@code loss} is not finite */
  static void requireFiniteLoss(double loss) {
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException("loss is " + loss + "; parameters not updated");
    }
  }

  /** Clips {@code gradients}, updates {@code parameters}; returns the norm before clipping. */
  double apply(ModelParameters parameters, Gradients gradients) {
    double norm =
        Double.isInfinite(clipNorm)
            ? gradients.globalNorm()
            : GradientClipping.clipByGlobalNorm(gradients, clipNorm);
    if (!Double.isFinite(norm)) {
      throw new IllegalStateException("gradient norm is " + norm + "; parameters not updated");
    }
    optimizer.step(parameters, gradients);
    return norm;
  }

  /** A copy of the optimiser's state ({@link Optimizer#state()}). */
  Map<String, double[]> optimizerState() {
    return optimizer.state();
  }
}
