package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LossTest {
  private static final double TOL = 1e-15;

  @Test
  void mseIsTheMeanSquaredErrorWithGradient2DiffOverN() {
    Tensor3 predictions = new Tensor3(1, 1, 2, new double[] {1, 2});
    Tensor3 targets = new Tensor3(1, 1, 2, new double[] {0, 0});
    LossValue loss = Loss.MSE.evaluate(predictions, targets);
    assertThat(loss.value()).isCloseTo(2.5, within(TOL));
    assertThat(loss.gradient().data()).containsExactly(1, 2);
  }

  @Test
  void gaussianNllUsesMeansThenLogVariances() {
    double logVar = Math.log(4);
    // K = 2 targets: means (1, 3), log-variances (0, log 4); targets (0, 1)
    Tensor3 predictions = new Tensor3(1, 1, 4, new double[] {1, 3, 0, logVar});
    Tensor3 targets = new Tensor3(1, 1, 2, new double[] {0, 1});
    LossValue loss = Loss.GAUSSIAN_NLL.evaluate(predictions, targets);
    double first = 0.5 * (0 + 1);
    double second = 0.5 * (logVar + 4.0 / 4);
    assertThat(loss.value()).isCloseTo((first + second) / 2, within(TOL));
    assertThat(loss.gradient().data())
        .containsExactly(new double[] {1.0 / 2, 2.0 / 4 / 2, 0, 0}, within(TOL));
  }

  @Test
  void zeroWeightedStepsDoNotCountAndGetNoGradient() {
    Tensor3 predictions = new Tensor3(2, 1, 1, new double[] {1, 100});
    Tensor3 targets = new Tensor3(2, 1, 1, new double[] {0, 0});
    LossValue loss = Loss.MSE.evaluate(predictions, targets, new double[] {1, 0});
    assertThat(loss.value()).isCloseTo(1, within(TOL));
    assertThat(loss.gradient().data()).containsExactly(2, 0);
  }

  @Test
  void stepWeightsGiveAWeightedMean() {
    Tensor3 predictions = new Tensor3(1, 2, 1, new double[] {1, 2});
    Tensor3 targets = new Tensor3(1, 2, 1, new double[] {0, 0});
    LossValue loss = Loss.MSE.evaluate(predictions, targets, new double[] {3, 1});
    assertThat(loss.value()).isCloseTo((3 * 1 + 1 * 4) / 4.0, within(TOL));
  }

  @Test
  void rejectsMismatchedShapesAndBadWeights() {
    Tensor3 targets = Tensor3.zeros(2, 1, 1);
    assertThatThrownBy(() -> Loss.GAUSSIAN_NLL.evaluate(Tensor3.zeros(2, 1, 1), targets))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GAUSSIAN_NLL needs predictions [2, 1, 2]");
    assertThatThrownBy(() -> Loss.MSE.evaluate(Tensor3.zeros(2, 1, 1), targets, new double[] {0, 0}))
        .hasMessageContaining("all zero");
    assertThatThrownBy(() -> Loss.MSE.evaluate(Tensor3.zeros(2, 1, 1), targets, new double[] {1, -1}))
        .hasMessageContaining(">= 0");
    assertThatThrownBy(() -> Loss.MSE.evaluate(Tensor3.zeros(2, 1, 1), targets, new double[] {1}))
        .hasMessageContaining("T*B");
  }
}
