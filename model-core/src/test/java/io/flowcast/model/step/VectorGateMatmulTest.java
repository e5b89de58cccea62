package io.flowcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.testutils.RandomModels;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link VectorGateMatmul}: selected when the module is present, and one fma chain per element. */
class VectorGateMatmulTest {

  private static PackedLayer layer(int hidden, long seed) {
    ModelConfig config = new ModelConfig(CellType.LSTM, 3, hidden, 1, 0);
    return PackedLayer.pack(RandomModels.parameters(config, 2.0, new Random(seed)), 0);
  }

  /** The build runs tests with {@code --add-modules jdk.incubator.vector}, so JAVA is the vector engine. */
  @Test
  void javaEngineUsesTheVectorApiWhenTheModuleIsPresent() {
    assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).as("test JVM flag").isPresent();
    assertThat(VectorApi.AVAILABLE).isTrue();
    ModelConfig gru = new ModelConfig(CellType.GRU, 3, 8, 1, 0);
    RecurrentNetwork network = RecurrentNetwork.compile(RandomModels.parameters(gru, 2.0, new Random(1)));
    for (String engine : new String[] {StepEngines.JAVA, StepEngines.AUTO}) {
      // on a CPU build the vector engine beats ND4J/OpenBLAS at every batch size, so AUTO is JAVA
      for (int batch : new int[] {4, 1024}) {
        assertThat(network.newStepper(batch, StepEngines.named(engine)).layerStep(0))
            .as("%s at %d keys", engine, batch)
            .isInstanceOf(TiledLayerStep.class)
            .extracting("matmul")
            .isInstanceOf(VectorGateMatmul.class);
      }
    }
  }

  /**
   * Whatever path computes an element (group of keys, key alone, vector lane or scalar tail), it is
   * bit for bit the chain {@code acc = fma(xh[j], W[j][u], acc)} over j = 0..K-1 from 0: the
   * hidden sizes cover, for 256- and 512-bit vectors, tails shorter than a vector, whole vectors,
   * whole four-vector chunks and mixes of them.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 5, 8, 13, 16, 24, 32, 37, 64, 80, 100, 133})
  void everyElementIsTheSameFmaChainWhateverTheTile(int hidden) {
    PackedLayer packed = layer(hidden, hidden);
    int batch = 2 * CellKernel.TILE + 3;
    Random random = new Random(hidden);
    float[] xh = new float[batch * packed.rows];
    for (int i = 0; i < xh.length; i++) {
      xh[i] = 2 * random.nextFloat() - 1;
    }
    TileMatmul matmul = new VectorGateMatmul(packed);
    float[][] blocks = new float[packed.blocks][CellKernel.TILE * hidden];
    for (int keys = 1; keys <= CellKernel.TILE; keys++) {
      for (int first : new int[] {0, 1, batch - keys}) {
        matmul.gates(first, keys, xh, blocks);
        for (int t = 0; t < keys; t++) {
          for (int q = 0; q < packed.blocks; q++) {
            for (int u = 0; u < hidden; u++) {
              float expected = fmaChain(packed, q, u, xh, (first + t) * packed.rows);
              assertThat(Float.floatToRawIntBits(blocks[q][t * hidden + u]))
                  .as("H=%d tile of %d from %d: key %d block %d unit %d", hidden, keys, first, t, q, u)
                  .isEqualTo(Float.floatToRawIntBits(expected));
            }
          }
        }
      }
    }
  }

  private static float fmaChain(PackedLayer packed, int q, int u, float[] xh, int in) {
    float acc = 0f;
    for (int j = 0; j < packed.rows; j++) {
      acc = Math.fma(xh[in + j], packed.blockRows[q][j][u], acc);
    }
    return acc;
  }
}
