package io.flowcast.model.testutils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Element-wise comparison of nested arrays with an absolute tolerance and a useful message. */
public final class ArrayAssertions {
  private ArrayAssertions() {}

  /** Asserts |actual - expected| <= tolerance for every element; shapes must match. */
  public static void assertClose(String what, float[][][] actual, double[][][] expected, double tolerance) {
    assertThat(actual.length).as(what + " dim 0").isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i].length).as(what + "[" + i + "] dim 1").isEqualTo(expected[i].length);
      for (int j = 0; j < expected[i].length; j++) {
        assertThat(actual[i][j].length).as(what + "[" + i + "][" + j + "] dim 2").isEqualTo(expected[i][j].length);
        for (int k = 0; k < expected[i][j].length; k++) {
          assertThat((double) actual[i][j][k])
              .as("%s[%d][%d][%d]", what, i, j, k)
              .isCloseTo(expected[i][j][k], within(tolerance));
        }
      }
    }
  }
}
