package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import org.junit.jupiter.api.Test;

class StateShapeTest {
  private static final StateShape LSTM_64_1 = new StateShape(CellType.LSTM, 1, 64, 3, 3, 0);
  private static final StateShape GRU_64_2 = new StateShape(CellType.GRU, 2, 64, 3, 3, 0);

  @Test
  void theReadmesTwo236FloatShapesHaveOneLayoutSizeButTwoCodes() {
    assertThat(LSTM_64_1.layout(0).size()).isEqualTo(GRU_64_2.layout(0).size()).isEqualTo(236);
    assertThat(LSTM_64_1.code()).isNotEqualTo(GRU_64_2.code());
  }

  @Test
  void theCodeIsDefinedBitByBitAndStableAcrossReleases() {
    // these literals are in savepoints: a change here breaks every restore
    assertThat(LSTM_64_1.code()).isEqualTo(0x5300_001F_8010_0000L);
    assertThat(GRU_64_2.code()).isEqualTo(0x5500_801F_8010_0000L);
    assertThat(new StateShape(CellType.LSTM_PEEPHOLE, 3, 128, 6, 12, 51).code())
        .isEqualTo(5L << 60 | 4L << 56 | 1L << 55 | 2L << 47 | 127L << 31 | 5L << 19 | 51);
    // the layout version 1 to 4 codes of earlier releases still decode, to the same shapes
    assertThat(StateShape.decode(0x4300_001F_8010_0000L)).isEqualTo(LSTM_64_1);
    assertThat(StateShape.decode(0x4500_801F_8010_0000L)).isEqualTo(GRU_64_2);
    assertThat(StateShape.decode(0x3300_001F_8010_0000L)).isEqualTo(LSTM_64_1);
    assertThat(StateShape.decode(0x3500_801F_8010_0000L)).isEqualTo(GRU_64_2);
    assertThat(StateShape.decode(0x1300_001F_8010_0000L)).isEqualTo(LSTM_64_1);
    assertThat(StateShape.decode(0x1500_801F_8010_0000L)).isEqualTo(GRU_64_2);
    assertThat(StateShape.decode(0x2300_001F_8010_0000L)).isEqualTo(LSTM_64_1);
    assertThat(StateShape.decode(0x2500_801F_8010_0000L)).isEqualTo(GRU_64_2);
  }

  @Test
  void aLayoutVersion1StateUpgradesItsResidualStatisticsAndKeepsEverythingElse() {
    long version1 = StateShape.withLayoutVersion(LSTM_64_1.code(), 1);
    SensorStateLayout layout = LSTM_64_1.layout(0);
    int residual = layout.residualOffset();
    int calibration = HorizonCalibration.size(LSTM_64_1.horizon());
    float[] old = new float[layout.size() - AnomalyScorer.SIZE + 3 - calibration];
    for (int i = 0; i < old.length; i++) {
      old[i] = i * 0.5f;
    }
    old[residual] = 40f; // n
    old[residual + 1] = 0.5f; // mean
    old[residual + 2] = 2f; // variance
    assertThat(StateShape.floatsOf(version1)).isEqualTo(old.length);

    float[] upgraded = StateShape.upgrade(version1, old);

    assertThat(upgraded).hasSize(layout.size());
    assertThat(upgraded[residual]).isEqualTo(40f);
    assertThat(upgraded[residual + 1]).isEqualTo(2.25f); // mean square = variance + mean^2
    assertThat(upgraded[residual + 2]).isZero(); // calibration factor 1
    for (int i = 0; i < residual; i++) {
      assertThat(upgraded[i]).as("float %d", i).isEqualTo(old[i]);
    }
    int forecasts = residual + 3 + LSTM_64_1.horizon(); // version 1's forecasts end here
    for (int i = residual + 3; i < forecasts; i++) {
      assertThat(upgraded[i - 3 + AnomalyScorer.SIZE]).as("float %d", i).isEqualTo(old[i]);
    }
    for (int i = layout.calibrationOffset(); i < layout.correctionOffset(); i++) {
      assertThat(upgraded[i]).as("fresh horizon calibration %d", i).isZero();
    }
    float[] current = new float[layout.size()];
    assertThat(StateShape.upgrade(LSTM_64_1.code(), current)).isSameAs(current);
    assertThatThrownBy(() -> StateShape.upgrade(version1, new float[3])).hasMessageContaining("floats");
  }

  @Test
  void aLayoutVersion2StateGainsAFreshHorizonCalibrationAfterItsForecastsAndKeepsEverythingElse() {
    StateShape shape = new StateShape(CellType.GRU, 1, 8, 4, 4, 5, true);
    long version2 = StateShape.withLayoutVersion(shape.code(), 2);
    SensorStateLayout layout = shape.layout(0);
    int calibration = HorizonCalibration.size(4);
    int errorMeans = 2 * 4; // version 5's, at the end of the correction's block
    float[] old = new float[layout.size() - calibration - errorMeans];
    for (int i = 0; i < old.length; i++) {
      old[i] = 1 + i * 0.25f;
    }
    assertThat(StateShape.floatsOf(version2)).isEqualTo(old.length);

    float[] upgraded = StateShape.upgrade(version2, old);

    assertThat(upgraded).hasSize(layout.size());
    int at = layout.calibrationOffset();
    int correctionEnd = layout.historyOffset() - errorMeans;
    for (int i = 0; i < old.length; i++) {
      int to = i < at ? i : i + calibration < correctionEnd ? i + calibration : i + calibration + errorMeans;
      assertThat(upgraded[to]).as("float %d", i).isEqualTo(old[i]);
    }
    for (int i = at; i < at + calibration; i++) {
      assertThat(upgraded[i]).as("fresh horizon calibration %d", i).isZero();
    }
    for (int i = correctionEnd; i < layout.historyOffset(); i++) {
      assertThat(upgraded[i]).as("the correction's errors' count or mean %d", i).isZero();
    }
    // horizon 1 has no calibration block: its version 2 and 3 states are the same floats
    StateShape oneStep = new StateShape(CellType.GRU, 1, 8, 1, 1, 0);
    assertThat(StateShape.floatsOf(StateShape.withLayoutVersion(oneStep.code(), 2)))
        .isEqualTo(oneStep.layout(0).size());
  }

  @Test
  void aLayoutVersion3StateWithLevelNoveltyGetsItsBlockMovedAfterItsWindowHistory() {
    StateShape shape = new StateShape(CellType.GRU, 1, 8, 2, 2, 5, true, true);
    long version3 = StateShape.withLayoutVersion(shape.code(), 3);
    SensorStateLayout layout = shape.layout(8);
    int block = LevelNovelty.size(8);
    int errorMeans = 2 * 2; // version 5's, at the end of the correction's block
    int others = layout.levelNoveltyOffset() - errorMeans; // everything but the block, in version 3 or 4
    int history = layout.historyOffset() - errorMeans;
    float[] old = new float[layout.size() - errorMeans];
    for (int i = 0; i < old.length; i++) {
      old[i] = i; // version 3: ..., correction, level novelty's block, history
    }
    assertThat(StateShape.upgrades(version3, old.length)).isTrue();

    float[] upgraded = StateShape.upgrade(version3, old);

    assertThat(upgraded).hasSize(layout.size());
    for (int i = 0; i < history; i++) {
      assertThat(upgraded[i]).as("float %d, before the history", i).isEqualTo(old[i]);
    }
    for (int i = history; i < history + errorMeans; i++) {
      assertThat(upgraded[i]).as("the correction's errors' count or mean %d", i).isZero();
    }
    for (int i = history; i < others; i++) {
      assertThat(upgraded[i + errorMeans]).as("history float %d", i).isEqualTo(old[i + block]);
    }
    for (int i = 0; i < block; i++) {
      assertThat(upgraded[others + errorMeans + i]).as("level novelty float %d", i).isEqualTo(old[history + i]);
    }
    assertThat(StateShape.upgrades(version3, others)).as("no block at all").isFalse();
    assertThat(StateShape.upgrades(shape.code(), upgraded.length)).as("the current version").isFalse();
    assertThat(StateShape.upgrade(shape.code(), upgraded)).isSameAs(upgraded);
    float[] withoutNovelty = new float[layout.levelNoveltyOffset()];
    long withoutNoveltyCode = shape.withExtras(5, true, false).code();
    assertThat(StateShape.upgrade(withoutNoveltyCode, withoutNovelty)).as("the current version")
        .isSameAs(withoutNovelty);
  }

  @Test
  void aLayoutVersion4StateWithTheCorrectionGainsZeroErrorMeansAtTheEndOfTheCorrectionsBlock() {
    StateShape shape = new StateShape(CellType.LSTM, 1, 4, 3, 3, 6, true, true);
    SensorStateLayout layout = shape.layout(8);
    int errorMeans = ForecastCorrection.size(3) - ForecastCorrection.sizeBeforeErrorMeans(3);
    assertThat(errorMeans).isEqualTo(2 * 3);
    int correctionEnd = layout.historyOffset() - errorMeans;
    for (int cut : new int[] {layout.size(), layout.warmedUpSize()}) { // the level novelty's block as written, or cut
      float[] old = new float[cut - errorMeans];
      for (int i = 0; i < old.length; i++) {
        old[i] = 1 + i;
      }
      long version4 = StateShape.withLayoutVersion(shape.code(), 4);
      assertThat(StateShape.upgrades(version4, old.length)).isTrue();

      float[] upgraded = StateShape.upgrade(version4, old);

      assertThat(upgraded).hasSize(cut);
      for (int i = 0; i < old.length; i++) {
        assertThat(upgraded[i < correctionEnd ? i : i + errorMeans]).as("float %d", i).isEqualTo(old[i]);
      }
      for (int i = correctionEnd; i < layout.historyOffset(); i++) {
        assertThat(upgraded[i]).as("the correction's errors' count or mean %d", i).isZero();
      }
    }
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StateShape.upgrade(StateShape.withLayoutVersion(shape.code(), 2), new float[layout.size()]))
        .withMessageContaining("level novelty came with layout version 3");
    StateShape noNovelty = shape.withoutLevelNovelty();
    long version4 = StateShape.withLayoutVersion(noNovelty.code(), 4);
    assertThat(StateShape.floatsOf(version4)).isEqualTo(noNovelty.layout(0).size() - errorMeans);
    assertThat(StateShape.upgrade(version4, new float[noNovelty.layout(0).size() - errorMeans]))
        .hasSize(noNovelty.layout(0).size());
    assertThatIllegalArgumentException().isThrownBy(() -> StateShape.upgrade(version4, new float[3]))
        .withMessageContaining("has 3 floats, not " + StateShape.floatsOf(version4));
    StateShape noCorrection = shape.withExtras(6, false, false);
    float[] same = new float[noCorrection.layout(0).size()];
    assertThat(StateShape.upgrade(StateShape.withLayoutVersion(noCorrection.code(), 4), same))
        .as("without the correction, version 4 and 5 are the same floats").isSameAs(same);
  }

  @Test
  void everyCodeDecodesBackToItsShape() {
    for (CellType cell : CellType.values()) {
      for (StateShape shape : new StateShape[] {
          new StateShape(cell, 1, 1, 1, 1, 0),
          new StateShape(cell, 256, 65_536, 4_096, 8_192, (1 << 17) - 1, true, true),
          new StateShape(cell, 2, 32, 3, 6, 51, false, true),
          new StateShape(cell, 2, 32, 3, 6, 51)}) {
        assertThat(StateShape.decode(shape.code())).isEqualTo(shape);
        assertThat(shape.code() >>> 60).isEqualTo(StateShape.LAYOUT_VERSION);
      }
    }
  }

  @Test
  void itIsNamedInWords() {
    assertThat(LSTM_64_1).hasToString("lstm hidden 64 x 1 layer, horizon 3");
    assertThat(GRU_64_2).hasToString("gru hidden 64 x 2 layers, horizon 3");
    assertThat(new StateShape(CellType.RNN_RELU, 2, 8, 2, 4, 51))
        .hasToString("rnn-relu hidden 8 x 2 layers, horizon 2, gaussian head, 51 history steps");
    assertThat(new StateShape(CellType.GRU, 1, 8, 1, 1, 0, true, true))
        .hasToString("gru hidden 8 x 1 layer, horizon 1, online correction, level novelty");
    assertThat(StateShape.describe(GRU_64_2.code())).isEqualTo("gru hidden 64 x 2 layers, horizon 3");
    assertThat(StateShape.describe(StateShape.UNKNOWN)).contains("not recorded");
    assertThat(StateShape.describe(6L << 60)).isEqualTo("an unknown shape 0x6000000000000000 (layout version 6)");
    assertThat(StateShape.describe(GRU_64_2.code(), 236))
        .isEqualTo("gru hidden 64 x 2 layers, horizon 3 (layout version 5, 236 floats)");
    assertThat(StateShape.describe(6L << 60, 12))
        .as("the layout version once").isEqualTo("an unknown shape 0x6000000000000000 (layout version 6, 12 floats)");
    assertThat(StateShape.describe(StateShape.UNKNOWN, 12)).endsWith("before shapes were) with 12 floats");
  }

  @Test
  void outOfRangeShapesAndCodesAreRefused() {
    assertThatThrownBy(() -> new StateShape(CellType.GRU, 1, 1 << 17, 3, 3, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden size");
    assertThatThrownBy(() -> new StateShape(CellType.GRU, 1, 8, 3, 5, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("head width");
    assertThatThrownBy(() -> StateShape.decode(StateShape.UNKNOWN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StateShape.decode(1L << 60 | 9L << 56)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cell code 9");
  }

  @Test
  void aForecasterRecordsItsShapeInEveryNewSensor() {
    ModelConfig config = new ModelConfig(CellType.GRU, WindowEncoding.INPUT_SIZE, 64, 2, 3);
    assertThat(StateShape.of(config, 3, 0, false, false)).isEqualTo(GRU_64_2);
    assertThat(StateShape.of(config, 3, 7, false, false).layout(0)).isEqualTo(new SensorStateLayout(128, 3, 7));
    assertThat(StateShape.of(config, 3, 7, true, true).layout(576).size())
        .isEqualTo(new SensorStateLayout(128, 3, 7, true, 0).size() + LevelNovelty.size(576));
    assertThatIllegalArgumentException().isThrownBy(() -> StateShape.of(config, 3, 7, true, true).layout(0))
        .withMessageContaining("level warm-up");
    assertThatIllegalArgumentException().isThrownBy(() -> StateShape.floatsOf(StateShape.of(config, 3, 7, true, true).code()))
        .withMessageContaining("depends on its warm-up");
  }
}
