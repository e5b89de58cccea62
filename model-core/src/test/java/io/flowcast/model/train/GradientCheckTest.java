package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Central-difference gradient checks of BPTT + head + loss for every parameter entry and every
 * initial-state entry of tiny models (I=2, H=4).
 */
class GradientCheckTest {
  private static final double EPS = 1e-6;
  private static final int INPUT = 2;
  private static final int HIDDEN = 4;

  record Case(CellType cell, int layers, boolean head, Loss loss, int steps, int batch, double dropout,
      boolean stepWeights) {
    @Override
    public String toString() {
      return cell.id() + " L=" + layers + (head ? " head" : " no-head") + " " + loss + " T=" + steps
          + " B=" + batch + (dropout > 0 ? " dropout=" + dropout : "") + (stepWeights ? " weighted" : "");
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (CellType cell : CellType.values()) {
      for (int layers = 1; layers <= 2; layers++) {
        for (boolean head : new boolean[] {false, true}) {
          for (Loss loss : Loss.values()) {
            cases.add(new Case(cell, layers, head, loss, 3, 2, 0, false));
          }
        }
      }
      cases.add(new Case(cell, 2, true, Loss.GAUSSIAN_NLL, 1, 1, 0, false));
      cases.add(new Case(cell, 1, false, Loss.MSE, 1, 2, 0, false));
      cases.add(new Case(cell, 1, true, Loss.MSE, 3, 1, 0, false));
      cases.add(new Case(cell, 2, true, Loss.MSE, 3, 2, 0.3, true));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void analyticGradientsMatchCentralDifferences(Case c) {
    int targetsPerStep = 2;
    int outputs = c.head() ? targetsPerStep * c.loss().predictionsPerTarget() : 0;
    ModelConfig config = new ModelConfig(c.cell(), INPUT, HIDDEN, c.layers(), outputs);
    Random random = new Random(17L * c.toString().hashCode()); // reproducible: an enum's hashCode is not
    ModelParameters parameters = ModelParameters.zeros(config);
    Initializers.pytorchDefault(parameters, random);
    if (c.cell() == CellType.RNN_RELU) {
      // mostly live units, so that no tensor's gradient is zero just because every ReLU is off;
      // (most pre-activations end up above 0, not all)
      for (int layer = 0; layer < c.layers(); layer++) {
        double[] bias = parameters.get(ParameterSpec.biasIh(layer));
        for (int i = 0; i < bias.length; i++) {
          bias[i] += 0.5;
        }
      }
    }
    Tensor3 inputs = randomTensor(c.steps(), c.batch(), INPUT, random);
    RecurrentState initial = RecurrentState.zeros(config, c.batch());
    fillRandom(initial.h(), random);
    if (initial.c() != null) {
      fillRandom(initial.c(), random);
    }
    int targetWidth = c.head() ? targetsPerStep : HIDDEN / c.loss().predictionsPerTarget();
    Tensor3 targets = randomTensor(c.steps(), c.batch(), targetWidth, random);
    double[] weights = null;
    if (c.stepWeights()) {
      weights = new double[c.steps() * c.batch()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = i % 3 == 1 ? 0 : 0.5 + random.nextDouble();
      }
    }
    double[] stepWeights = weights;
    // the same seed gives the same dropout masks in every evaluation
    DoubleSupplier loss =
        () -> {
          Dropout dropout = new Dropout(c.dropout(), new Random(99));
          ForwardPass pass = new DoubleNetwork(parameters).forward(inputs, initial, dropout);
          return c.loss().evaluate(pass.predictions(), targets, stepWeights).value();
        };

    Dropout dropout = new Dropout(c.dropout(), new Random(99));
    ForwardPass pass = new DoubleNetwork(parameters).forward(inputs, initial, dropout);
    LossValue value = c.loss().evaluate(pass.predictions(), targets, stepWeights);
    BackwardResult result = pass.backward(value.gradient());

    for (Map.Entry<String, double[]> tensor : parameters.asMap().entrySet()) {
      double[] analytic = result.gradients().get(tensor.getKey());
      assertThat(analytic).as(tensor.getKey() + " has a non-zero gradient").isNotEqualTo(new double[analytic.length]);
      checkEntries(tensor.getKey(), tensor.getValue(), analytic, loss);
    }
    checkEntries("h0", initial.h().data(), result.initialStateGradient().h().data(),
        loss);
    if (initial.c() != null) {
      checkEntries("c0", initial.c().data(), result.initialStateGradient().c().data(),
          loss);
    } else {
      assertThat(result.initialStateGradient().c()).isNull();
    }
  }

  /** Compares {@code analytic[i]} with the central difference of {@code loss} in {@code values[i]}. */
  static void checkEntries(String name, double[] values, double[] analytic, DoubleSupplier loss) {
    assertThat(analytic).as(name + " gradient size").hasSameSizeAs(values);
    for (int i = 0; i < values.length; i++) {
      double saved = values[i];
      values[i] = saved + EPS;
      double plus = loss.getAsDouble();
      values[i] = saved - EPS;
      double minus = loss.getAsDouble();
      values[i] = saved;
      double numeric = (plus - minus) / (2 * EPS);
      assertGradientClose(name + "[" + i + "]", analytic[i], numeric);
    }
  }

  static void assertGradientClose(String what, double analytic, double numeric) {
    double absolute = Math.abs(analytic - numeric);
    double relative = absolute / (Math.abs(analytic) + Math.abs(numeric));
    assertThat(absolute < 1e-8 || relative < 1e-3)
        .as("%s: analytic %s vs numeric %s (abs %s, rel %s)", what, analytic, numeric, absolute, relative)
        .isTrue();
  }

  static Tensor3 randomTensor(int d0, int d1, int d2, Random random) {
    Tensor3 t = Tensor3.zeros(d0, d1, d2);
    fillRandom(t, random);
    return t;
  }

  private static void fillRandom(Tensor3 t, Random random) {
    for (int i = 0; i < t.data().length; i++) {
      t.data()[i] = 2 * random.nextDouble() - 1;
    }
  }
}
