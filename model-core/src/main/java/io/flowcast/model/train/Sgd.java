package io.flowcast.model.train;

import io.flowcast.model.ModelParameters;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Stochastic gradient descent with momentum, as {@code torch.optim.SGD} (dampening 0, no
 * Nesterov): {@code d = g + wd * p}; with momentum {@code mu > 0}, {@code buf = d} on the first
 * step and {@code buf = mu * buf + d} afterwards, {@code d = buf}; then {@code p -= lr * d}. Its
 * {@linkplain #state() state}: {@code momentum_buffer/<tensor>} (buf), as PyTorch names it.
 */
public final class Sgd implements Optimizer {
  private static final String MOMENTUM_BUFFER = "momentum_buffer";

  private final double learningRate;
  private final double momentum;
  private final double weightDecay;
  private final Map<String, double[]> buffers = new HashMap<>();

  /**
   * @param momentum in [0, 1); 0 is plain SGD
   * @param weightDecay coupled L2 coefficient, &gt;= 0 (see {@link Optimizer})
   */
  public Sgd(double learningRate, double momentum, double weightDecay) {
    this.learningRate = OptimizerChecks.learningRate(learningRate);
    this.momentum = OptimizerChecks.unitInterval("momentum", momentum);
    this.weightDecay = OptimizerChecks.weightDecay(weightDecay);
  }

  @Override
  public void step(ModelParameters parameters, Gradients gradients) {
    OptimizerChecks.sameModel(parameters, gradients);
    parameters.asMap().forEach((name, p) -> {
      double[] g = gradients.get(name);
      double[] buffer =
          momentum == 0 ? null : OptimizerStates.requireLength(name, buffers.get(name), p.length);
      boolean first = momentum != 0 && buffer == null;
      if (first) {
        buffer = new double[p.length];
        buffers.put(name, buffer);
      }
      for (int i = 0; i < p.length; i++) {
        double d = g[i] + weightDecay * p[i];
        if (buffer != null) {
          buffer[i] = first ? d : momentum * buffer[i] + d;
          d = buffer[i];
        }
        p[i] -= learningRate * d;
      }
    });
  }

  @Override
  public Map<String, double[]> state() {
    Map<String, double[]> state = new HashMap<>();
    OptimizerStates.export(state, MOMENTUM_BUFFER, buffers);
    return state;
  }

  @Override
  public void restoreState(Map<String, double[]> state) {
    Map<String, double[]> restored = OptimizerStates.split(state, Set.of(MOMENTUM_BUFFER)).get(MOMENTUM_BUFFER);
    buffers.clear();
    buffers.putAll(restored);
  }
}
