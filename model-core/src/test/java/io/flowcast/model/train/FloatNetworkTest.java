package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 network against the float64 one ({@link DoubleNetwork}, itself held to central
 * differences in {@link GradientCheckTest}) on random models of every cell: predictions to 1e-5
 * absolute, and every gradient tensor to 1e-4 relative in the L2 norm ({@code |g32 - g64| /
 * |g64|}), with both matmul engines.
 */
class FloatNetworkTest {
  private static final double GRADIENT_TOLERANCE = 1e-4;
  private static final double PREDICTION_TOLERANCE = 1e-5;

  record Case(CellType cell, int input, int hidden, int layers, boolean head, Loss loss, int steps,
      int batch, double dropout, boolean vectorGemm) {
    @Override
    public String toString() {
      return cell.id() + " I=" + input + " H=" + hidden + " L=" + layers + (head ? " head " : " no-head ")
          + loss + " T=" + steps + " B=" + batch + (dropout > 0 ? " dropout=" + dropout : "")
          + (vectorGemm ? " vector" : " java");
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (boolean vector : new boolean[] {true, false}) {
      for (CellType cell : CellType.values()) {
        for (Loss loss : Loss.values()) {
          cases.add(new Case(cell, 3, 16, 1, true, loss, 7, 5, 0, vector));
          cases.add(new Case(cell, 2, 6, 2, false, loss, 4, 3, 0, vector));
        }
        cases.add(new Case(cell, 3, 24, 2, true, Loss.MSE, 6, 9, 0.3, vector));
        cases.add(new Case(cell, 4, 8, 1, true, Loss.MSE, 1, 4, 0, vector));
        cases.add(new Case(cell, 4, 8, 2, true, Loss.GAUSSIAN_NLL, 5, 1, 0, vector));
        cases.add(new Case(cell, 1, 3, 1, true, Loss.MSE, 1, 1, 0, vector));
        cases.add(new Case(cell, 3, 32, 1, true, Loss.MSE, 12, 8, 0, vector));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void floatGradientsMatchTheFloat64Network(Case c) {
    int targets = 2;
    int outputs = c.head() ? targets * c.loss().predictionsPerTarget() : 0;
    ModelConfig config = new ModelConfig(c.cell(), c.input(), c.hidden(), c.layers(), outputs);
    Random random = new Random(31L * c.toString().hashCode());
    ModelParameters parameters = ModelParameters.zeros(config);
    Initializers.pytorchDefault(parameters, random);
    scale(parameters, 2.0);
    Tensor3 inputs = GradientCheckTest.randomTensor(c.steps(), c.batch(), c.input(), random);
    int width = c.head() ? targets : c.hidden() / c.loss().predictionsPerTarget();
    Tensor3 target = GradientCheckTest.randomTensor(c.steps(), c.batch(), width, random);

    ForwardPass reference = new DoubleNetwork(parameters)
        .forward(inputs, RecurrentState.zeros(config, c.batch()), new Dropout(c.dropout(), new Random(99)));
    LossValue referenceLoss = c.loss().evaluate(reference.predictions(), target);
    Gradients expected = reference.backward(referenceLoss.gradient()).gradients();

    FloatNetwork network = new FloatNetwork(config, c.vectorGemm() ? new VectorFloatGemm() : new JavaFloatGemm());
    network.load(parameters);
    Tensor3 predictions = Tensor3.zeros(c.steps(), c.batch(), network.predictionWidth());
    network.forward(inputs, new Dropout(c.dropout(), new Random(99)), predictions);
    LossValue loss = c.loss().evaluate(predictions, target);
    network.backward(loss.gradient());
    Gradients actual = Gradients.zeros(config);
    network.exportGradients(actual);

    double[] expectedPredictions = reference.predictions().data();
    for (int i = 0; i < expectedPredictions.length; i++) {
      assertThat(Math.abs(predictions.data()[i] - expectedPredictions[i]))
          .as("prediction %d", i).isLessThanOrEqualTo(PREDICTION_TOLERANCE);
    }
    for (Map.Entry<String, double[]> tensor : expected.asMap().entrySet()) {
      double[] want = tensor.getValue();
      double[] got = actual.get(tensor.getKey());
      // with one step from a zero state, h_{-1} = c_{-1} = 0: weight_hh, peephole_i/f get none
      if (c.steps() > 1 || !tensor.getKey().matches("weight_hh.*|peephole_[if].*")) {
        assertThat(norm(want)).as(tensor.getKey() + " has a gradient").isGreaterThan(0);
      }
      assertThat(relativeError(got, want)).as(tensor.getKey()).isLessThanOrEqualTo(GRADIENT_TOLERANCE);
    }
  }

  /** {@code |a - b| / |b|} in the L2 norm. */
  static double relativeError(double[] actual, double[] expected) {
    double[] difference = new double[expected.length];
    for (int i = 0; i < expected.length; i++) {
      difference[i] = actual[i] - expected[i];
    }
    double scale = norm(expected);
    return scale == 0 ? norm(difference) : norm(difference) / scale;
  }

  private static double norm(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v * v;
    }
    return Math.sqrt(sum);
  }

  private static void scale(ModelParameters parameters, double factor) {
    for (double[] values : parameters.asMap().values()) {
      for (int i = 0; i < values.length; i++) {
        values[i] *= factor;
      }
    }
  }
}
