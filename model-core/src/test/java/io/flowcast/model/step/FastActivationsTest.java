package io.flowcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Accuracy of {@link FastActivations} against {@link Math#tanh} and {@code 1 / (1 + exp(-x))} in
 * double.
 *
 * <p>Measured (JDK 17, x86-64, polynomials in {@link Math#fma}): max |tanh error| = 2.92e-7 over
 * every float in [-9, 9] (worst at x = +-5.126039); max |sigmoid error| = 1.69e-7 over every float
 * in [-20, 20] (worst at x = 8.003398). The bounds below leave ~20% margin.
 *
 * <p>Special values (documented behaviour, asserted below): tanh clamps |x| at 7.9988, where the
 * approximation rounds to exactly 1, so tanh(+-20) = tanh(+-Inf) = +-1f; sigmoid(+Inf) = 1f,
 * sigmoid(-Inf) = 0f; NaN in gives NaN out for both.
 */
class FastActivationsTest {
  private static final double TANH_BOUND = 3.5e-7;
  private static final double SIGMOID_BOUND = 2e-7;
  private static final int GRID = 4_000_001;

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static float gridPoint(int k) {
    return (float) (-20.0 + 40.0 * k / (GRID - 1));
  }

  @Test
  void tanhWithinBoundOnDenseGrid() {
    double worst = 0;
    for (int k = 0; k < GRID; k++) {
      float x = gridPoint(k);
      worst = Math.max(worst, Math.abs(FastActivations.tanh(x) - Math.tanh(x)));
    }
    assertThat(worst).isLessThanOrEqualTo(TANH_BOUND).isGreaterThan(1e-8);
  }

  @Test
  void tanhWithinBoundOnEveryFloatNearItsWorstPoint() {
    double worst = 0;
    for (float x = -5.2f; x <= -5.05f; x = Math.nextUp(x)) {
      worst = Math.max(worst, Math.abs(FastActivations.tanh(x) - Math.tanh(x)));
      worst = Math.max(worst, Math.abs(FastActivations.tanh(-x) - Math.tanh(-x)));
    }
    assertThat(worst).isLessThanOrEqualTo(TANH_BOUND).isGreaterThan(2.5e-7);
  }

  @Test
  void sigmoidWithinBoundOnDenseGrid() {
    double worst = 0;
    for (int k = 0; k < GRID; k++) {
      float x = gridPoint(k);
      worst = Math.max(worst, Math.abs(FastActivations.sigmoid(x) - sigmoid(x)));
    }
    assertThat(worst).isLessThanOrEqualTo(SIGMOID_BOUND);
  }

  @Test
  void tanhIsOddAndSigmoidSymmetric() {
    for (int k = 0; k < GRID; k += 97) {
      float x = gridPoint(k);
      assertThat(FastActivations.tanh(-x)).as("tanh(-%s)", x).isEqualTo(-FastActivations.tanh(x));
      assertThat((double) FastActivations.sigmoid(-x))
          .as("sigmoid(-%s)", x)
          .isCloseTo(1 - FastActivations.sigmoid(x), org.assertj.core.api.Assertions.within(1.2e-7));
    }
    assertThat(FastActivations.tanh(0f)).isZero();
    assertThat(FastActivations.sigmoid(0f)).isEqualTo(0.5f);
  }

  @Test
  void specialValues() {
    assertThat(FastActivations.tanh(Float.NaN)).isNaN();
    assertThat(FastActivations.sigmoid(Float.NaN)).isNaN();
    assertThat(FastActivations.tanh(Float.POSITIVE_INFINITY)).isEqualTo(FastActivations.tanh(20f)).isEqualTo(1f);
    assertThat(FastActivations.tanh(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
    assertThat(FastActivations.sigmoid(Float.POSITIVE_INFINITY)).isEqualTo(1f);
    assertThat(FastActivations.sigmoid(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
    assertThat(FastActivations.tanh(Float.MAX_VALUE)).isEqualTo(1f);
    assertThat(FastActivations.tanh(1e-30f)).isCloseTo(1e-30f, org.assertj.core.api.Assertions.within(1e-36f));
  }
}
