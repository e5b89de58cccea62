package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaussianTest {

  /** Known values of erfc (Abramowitz and Stegun, Table 7.1; 16 digits from mpmath). */
  @Test
  void erfcMatchesKnownValuesToItsStatedAccuracy() {
    double[][] known = {
      {0, 1}, {0.5, 0.4795001221869535}, {1, 0.1572992070502851}, {2, 0.004677734981047266},
      {3, 2.209049699858544e-05}, {-1, 1.842700792949715}, {5, 1.537459794428035e-12}};
    for (double[] k : known) {
      assertThat(Gaussian.erfc(k[0])).as("erfc(%s)", k[0]).isCloseTo(k[1], within(1.2e-7 * k[1] + 1e-16));
    }
  }

  @Test
  void theTwoSidedTailBeyond196IsFivePercent() {
    assertThat(Gaussian.twoSidedTail(1.959964)).isCloseTo(0.05, within(1e-7));
    assertThat(Gaussian.twoSidedTail(0)).isCloseTo(1, within(1e-7));
  }
}
