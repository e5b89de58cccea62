package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitializersTest {
  private static final ModelConfig CONFIG = new ModelConfig(CellType.LSTM_PEEPHOLE, 3, 16, 2, 2);

  @Test
  void pytorchDefaultIsUniformWithinOneOverSqrtHEverywhere() {
    ModelParameters p = ModelParameters.zeros(CONFIG);
    Initializers.pytorchDefault(p, new Random(1));
    double bound = 1 / Math.sqrt(16);
    p.asMap().forEach((name, values) -> {
      assertThat(maxAbs(values)).as(name).isLessThanOrEqualTo(bound);
      assertThat(Arrays.stream(values).distinct().count()).as(name).isEqualTo(values.length);
    });
    assertThat(maxAbs(p.get(ParameterSpec.weightHh(0)))).as("fills the range").isGreaterThan(0.9 * bound);
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    ModelParameters a = ModelParameters.zeros(CONFIG);
    ModelParameters b = ModelParameters.zeros(CONFIG);
    ModelParameters c = ModelParameters.zeros(CONFIG);
    Initializers.xavierOrthogonal(a, new Random(5));
    Initializers.xavierOrthogonal(b, new Random(5));
    Initializers.xavierOrthogonal(c, new Random(6));
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void xavierOrthogonalScheme() {
    ModelParameters p = ModelParameters.zeros(CONFIG);
    Initializers.xavierOrthogonal(p, new Random(2));
    int hidden = 16;
    for (int layer = 0; layer < 2; layer++) {
      double xavier = Math.sqrt(6.0 / (4 * hidden + CONFIG.layerInputSize(layer)));
      assertThat(maxAbs(p.get(ParameterSpec.weightIh(layer)))).isBetween(0.9 * xavier, xavier);
      double[] recurrent = p.get(ParameterSpec.weightHh(layer));
      for (int block = 0; block < 4; block++) {
        assertOrthogonal(recurrent, block * hidden * hidden, hidden);
      }
      assertThat(p.get(ParameterSpec.biasIh(layer))).containsOnly(0);
      assertThat(p.get(ParameterSpec.biasHh(layer))).containsOnly(0);
      assertThat(p.get(ParameterSpec.peephole('f', layer))).containsOnly(0);
    }
    assertThat(maxAbs(p.get(ParameterSpec.HEAD_WEIGHT))).isBetween(0.0, 0.25).isPositive();
  }

  @Test
  void orthogonalBlocksDifferFromEachOther() {
    double[] blocks = new double[2 * 9];
    Initializers.orthogonal(blocks, 0, 3, new Random(3));
    Initializers.orthogonal(blocks, 9, 3, new Random(4));
    assertThat(Arrays.copyOfRange(blocks, 0, 9)).isNotEqualTo(Arrays.copyOfRange(blocks, 9, 18));
    assertOrthogonal(blocks, 9, 3);
  }

  private static double maxAbs(double[] values) {
    return Arrays.stream(values).map(Math::abs).max().orElseThrow();
  }

  private static void assertOrthogonal(double[] m, int offset, int n) {
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double dot = 0;
        for (int j = 0; j < n; j++) {
          dot += m[offset + i * n + j] * m[offset + k * n + j];
        }
        assertThat(dot).as("row %d . row %d", i, k).isCloseTo(i == k ? 1 : 0, within(1e-12));
      }
    }
  }
}
