package io.flowcast.model.train;

/**
 * Clipping by global norm, as {@code torch.nn.utils.clip_grad_norm_} (L2 norm): with {@code n} the
 * norm of all gradients together, every gradient is multiplied by {@code min(1, maxNorm / (n +
 * 1e-6))}.
 */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Clips {@code gradients} in place.
   *
   * @param maxNorm &gt; 0
   * @return the total norm before clipping (if it is NaN or infinite the gradients are left as they are)
   */
  public static double clipByGlobalNorm(Gradients gradients, double maxNorm) {
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("max norm must be > 0, got " + maxNorm);
    }
    double norm = gradients.globalNorm();
    if (!Double.isFinite(norm)) {
      return norm;
    }
    double coefficient = maxNorm / (norm + 1e-6);
    if (coefficient < 1) {
      gradients.scale(coefficient);
    }
    return norm;
  }
}
