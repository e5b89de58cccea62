package io.flowcast.model.train;

/**
 * Training losses over predictions {@code [T][B][P]} and targets {@code [T][B][K]}, with {@code P =
 * K * }{@link #predictionsPerTarget()}.
 *
 * <p>Optional step weights {@code w [T*B]} (index {@code t * B + b}, each &gt;= 0, not all zero)
 * weight whole steps, e.g. 0 for a step without a target; null means all ones. With {@code N = K *
 * sum(w)}, the loss is the weighted mean over all targets, which for all-ones weights equals
 * PyTorch's {@code reduction='mean'}.
 */
public enum Loss {
  /** Mean squared error: {@code (1/N) sum_{t,b} w_tb sum_k (p_k - y_k)^2}. */
  MSE(1) {
    @Override
    double accumulate(double[] p, int pOffset, double[] y, int yOffset, int targets, double weight,
        double[] grad, double gradScale) {
      double sum = 0;
      for (int k = 0; k < targets; k++) {
        double diff = p[pOffset + k] - y[yOffset + k];
        sum += diff * diff;
        grad[pOffset + k] = 2 * diff * weight * gradScale;
      }
      return weight * sum;
    }
  },

  /**
   * Gaussian negative log-likelihood where the prediction row holds K means followed by K
   * log-variances {@code s_k = log(sigma_k^2)}: {@code (1/N) sum w_tb sum_k 0.5 * (s_k + (y_k -
   * mu_k)^2 * exp(-s_k))}. Like {@code torch.nn.GaussianNLLLoss(full=False)} (the constant {@code
   * 0.5 log(2 pi)} is left out) with {@code var = exp(s)}; the log-variance parametrisation needs no
   * positivity clamp. Gradients: {@code d/dmu = -(y - mu) exp(-s)}, {@code d/ds = 0.5 (1 - (y -
   * mu)^2 exp(-s))}, times {@code w / N}.
   */
  GAUSSIAN_NLL(2) {
    @Override
    double accumulate(double[] p, int pOffset, double[] y, int yOffset, int targets, double weight,
        double[] grad, double gradScale) {
      double sum = 0;
      for (int k = 0; k < targets; k++) {
        double mean = p[pOffset + k];
        double logVar = p[pOffset + targets + k];
        double residual = y[yOffset + k] - mean;
        double scaledSq = residual * residual * Math.exp(-logVar);
        sum += 0.5 * (logVar + scaledSq);
        grad[pOffset + k] = -residual * Math.exp(-logVar) * weight * gradScale;
        grad[pOffset + targets + k] = 0.5 * (1 - scaledSq) * weight * gradScale;
      }
      return weight * sum;
    }
  };

  private final int predictionsPerTarget;

  Loss(int predictionsPerTarget) {
    this.predictionsPerTarget = predictionsPerTarget;
  }

  /** Predictions per target value: 1 for MSE, 2 (mean, log-variance) for the Gaussian NLL. */
  public int predictionsPerTarget() {
    return predictionsPerTarget;
  }

  /** Loss over all steps, every step weighted 1. */
  public LossValue evaluate(Tensor3 predictions, Tensor3 targets) {
    return evaluate(predictions, targets, null);
  }

  /**
   * Loss and dLoss/dPredictions.
   *
   * @param stepWeights {@code [T*B]} weights, or null for all ones
   * @throws IllegalArgumentException on mismatched shapes or invalid weights
   */
  public LossValue evaluate(Tensor3 predictions, Tensor3 targets, double[] stepWeights) {
    int steps = targets.dim0();
    int batch = targets.dim1();
    int width = targets.dim2();
    if (predictions.dim0() != steps || predictions.dim1() != batch
        || predictions.dim2() != width * predictionsPerTarget) {
      throw new IllegalArgumentException(
          this + " needs predictions [" + steps + ", " + batch + ", " + width * predictionsPerTarget
              + "] for targets [" + steps + ", " + batch + ", " + width + "], got ["
              + predictions.dim0() + ", " + predictions.dim1() + ", " + predictions.dim2() + "]");
    }
    double totalWeight = totalWeight(stepWeights, steps * batch);
    double gradScale = 1 / (totalWeight * width);
    Tensor3 gradient = Tensor3.zeros(steps, batch, predictions.dim2());
    double sum = 0;
    for (int row = 0; row < steps * batch; row++) {
      double weight = stepWeights == null ? 1 : stepWeights[row];
      sum += accumulate(predictions.data(), row * predictions.dim2(), targets.data(), row * width,
          width, weight, gradient.data(), gradScale);
    }
    return new LossValue(sum * gradScale, gradient);
  }

  /**
   * Adds row {@code w * loss(row)} to the result and writes the row's gradient {@code w *
   * gradScale * dloss/dp} into {@code grad} at {@code pOffset}.
   */
  abstract double accumulate(double[] p, int pOffset, double[] y, int yOffset, int targets,
      double weight, double[] grad, double gradScale);

  private static double totalWeight(double[] stepWeights, int rows) {
    if (stepWeights == null) {
      return rows;
    }
    if (stepWeights.length != rows) {
      throw new IllegalArgumentException(
          "step weights need " + rows + " values (T*B), got " + stepWeights.length);
    }
    double total = 0;
    for (double w : stepWeights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new IllegalArgumentException("step weights must be finite and >= 0, got " + w);
      }
      total += w;
    }
    if (total == 0) {
      throw new IllegalArgumentException("step weights are all zero: nothing to train on");
    }
    return total;
  }
}
