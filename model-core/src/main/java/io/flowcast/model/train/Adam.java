package io.flowcast.model.train;

import io.flowcast.model.ModelParameters;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Adam, as {@code torch.optim.Adam} (not AMSGrad, coupled weight decay): at step {@code t = 1, 2,
 * ...}
 *
 * <pre>
 *   g = g + wd * p
 *   m = b1 * m + (1 - b1) * g
 *   v = b2 * v + (1 - b2) * g^2
 *   p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 *
 * Defaults {@code b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0}. Its {@linkplain #state() state},
 * named as in PyTorch's {@code state_dict}: {@code step} (one value, t), {@code exp_avg/<tensor>}
 * (m) and {@code exp_avg_sq/<tensor>} (v).
 */
public final class Adam implements Optimizer {
  private static final String STEP = "step";
  private static final String EXP_AVG = "exp_avg";
  private static final String EXP_AVG_SQ = "exp_avg_sq";

  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final Map<String, double[]> firstMoments = new HashMap<>();
  private final Map<String, double[]> secondMoments = new HashMap<>();
  private int steps;

  /** PyTorch defaults: betas 0.9/0.999, eps 1e-8, no weight decay. */
  public Adam(double learningRate) {
    this(learningRate, 0.9, 0.999, 1e-8, 0);
  }

  /** Betas in [0, 1), eps &gt; 0, weight decay &gt;= 0 (coupled L2, see {@link Optimizer}). */
  public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
    this.learningRate = OptimizerChecks.learningRate(learningRate);
    this.beta1 = OptimizerChecks.unitInterval("beta1", beta1);
    this.beta2 = OptimizerChecks.unitInterval("beta2", beta2);
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
    }
    this.epsilon = epsilon;
    this.weightDecay = OptimizerChecks.weightDecay(weightDecay);
  }

  @Override
  public void step(ModelParameters parameters, Gradients gradients) {
    OptimizerChecks.sameModel(parameters, gradients);
    steps++;
    double stepSize = learningRate / (1 - Math.pow(beta1, steps));
    double secondCorrection = Math.sqrt(1 - Math.pow(beta2, steps));
    parameters.asMap().forEach((name, p) -> {
      double[] g = gradients.get(name);
      double[] m = OptimizerStates.requireLength(
          name, firstMoments.computeIfAbsent(name, key -> new double[p.length]), p.length);
      double[] v = OptimizerStates.requireLength(
          name, secondMoments.computeIfAbsent(name, key -> new double[p.length]), p.length);
      for (int i = 0; i < p.length; i++) {
        double grad = g[i] + weightDecay * p[i];
        m[i] = beta1 * m[i] + (1 - beta1) * grad;
        v[i] = beta2 * v[i] + (1 - beta2) * grad * grad;
        p[i] -= stepSize * m[i] / (Math.sqrt(v[i]) / secondCorrection + epsilon);
      }
    });
  }

  @Override
  public Map<String, double[]> state() {
    Map<String, double[]> state = new HashMap<>();
    if (steps > 0) {
      state.put(STEP, new double[] {steps});
    }
    OptimizerStates.export(state, EXP_AVG, firstMoments);
    OptimizerStates.export(state, EXP_AVG_SQ, secondMoments);
    return state;
  }

  @Override
  public void restoreState(Map<String, double[]> state) {
    Map<String, double[]> buffers = new HashMap<>(state);
    double[] step = buffers.remove(STEP);
    boolean validStep = step == null
        ? buffers.isEmpty()
        : step.length == 1 && step[0] >= 1 && step[0] == (int) step[0];
    if (!validStep) {
      throw new IllegalArgumentException("Adam state needs a whole step count >= 1 with its moments, got "
          + (step == null ? "none" : Arrays.toString(step)));
    }
    Map<String, Map<String, double[]>> byKind = OptimizerStates.split(buffers, Set.of(EXP_AVG, EXP_AVG_SQ));
    steps = step == null ? 0 : (int) step[0];
    firstMoments.clear();
    firstMoments.putAll(byKind.get(EXP_AVG));
    secondMoments.clear();
    secondMoments.putAll(byKind.get(EXP_AVG_SQ));
  }
}
