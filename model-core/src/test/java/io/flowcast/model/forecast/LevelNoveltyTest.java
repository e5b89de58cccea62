package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LevelNoveltyTest {
  private static final int OFFSET = 3;

  @Test
  void aFirstVisitScoresTheSurpriseOfTheSensorsOwnRateOfFirstVisits() {
    LevelNovelty novelty = new LevelNovelty(16);
    float[] state = new float[OFFSET + novelty.size()];
    for (int i = 0; i < 16; i++) { // range 0..7 (levels 1 wide), then eight windows at level 3
      assertThat(novelty.observe(state, OFFSET, i < 8 ? i : 3.5f)).as("warm-up window %d", i).isNaN();
    }
    assertThat(novelty.observe(state, OFFSET, 3.5f)).as("a first stay since the warm-up: the rate of moves")
        .isCloseTo(surprise(0, 0), within(1e-6f));
    assertThat(novelty.observe(state, OFFSET, 8.7f)).isCloseTo(surprise(1, 0), within(1e-6f)); // windows since: 1
    assertThat(novelty.observe(state, OFFSET, 8.9f)).as("the same level again").isZero();
    assertThat(novelty.observe(state, OFFSET, 20f)).isCloseTo(surprise(3, 1), within(1e-6f));
    assertThat(novelty.observe(state, OFFSET, 1e12f)).isCloseTo(surprise(4, 2), within(1e-6f)); // the top overflow
    assertThat(novelty.observe(state, OFFSET, 2e12f)).as("the top overflow again").isZero();
    assertThat(novelty.observe(state, OFFSET, -1e12f)).isCloseTo(surprise(6, 3), within(1e-6f));
    assertThat(novelty.observe(state, OFFSET, -7.5f)).isCloseTo(surprise(7, 4), within(1e-6f)); // level -8
  }

  @Test
  void aFirstMoveBetweenTwoOfTheRangesLevelsScoresByTheRateOfFirstMoves() {
    LevelNovelty novelty = new LevelNovelty(16);
    float[] state = new float[novelty.size()];
    for (int i = 0; i < 16; i++) { // range 0..7, then 0, 1, 0, 1, ...: the span 0..1 is known, its moves are not
      novelty.observe(state, 0, i < 8 ? i : i % 2);
    }
    assertThat(novelty.observe(state, 0, 0f)).as("1 -> 0").isCloseTo(surprise(0, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 1f)).as("0 -> 1").isCloseTo(surprise(1, 1), within(1e-6f));
    assertThat(novelty.observe(state, 0, 0.5f)).as("1 -> 0 again").isZero();
    assertThat(novelty.observe(state, 0, 1.5f)).as("0 -> 1 again").isZero();
    assertThat(novelty.observe(state, 0, 0f)).as("1 -> 0 again").isZero();
    assertThat(novelty.observe(state, 0, 0f)).as("a first stay at 0").isCloseTo(surprise(5, 2), within(1e-6f));
    assertThat(novelty.observe(state, 0, 9f)).as("a first visit outside the range: the level's own rate")
        .isCloseTo(surprise(6, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 5f)).as("moves and spans outside the range are not tracked").isZero();
  }

  @Test
  void aFirstSpanOfTheLastFourWindowsScoresByTheRateOfFirstSpans() {
    LevelNovelty novelty = new LevelNovelty(16);
    float[] state = new float[novelty.size()];
    for (int i = 0; i < 16; i++) { // range 0..7, then 0, 7, 0, 7, ...: the span 0..7
      novelty.observe(state, 0, i < 8 ? i : 7 * (i % 2));
    }
    assertThat(novelty.observe(state, 0, 0f)).as("7 -> 0").isCloseTo(surprise(0, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 7f)).as("0 -> 7").isCloseTo(surprise(1, 1), within(1e-6f));
    for (int i = 2; i < 6; i++) {
      assertThat(novelty.observe(state, 0, 7 * (i % 2))).as("window %d: known moves within the known span", i).isZero();
    }
    assertThat(novelty.observe(state, 0, 3.5f)).as("7 -> 3, still spanning 0..7").isCloseTo(surprise(6, 2), within(1e-6f));
    assertThat(novelty.observe(state, 0, 3.5f)).as("3 -> 3").isCloseTo(surprise(7, 3), within(1e-6f));
    assertThat(novelty.observe(state, 0, 3.5f)).as("7, 3, 3, 3: the first span 3..7, the rate of spans")
        .isCloseTo(surprise(8, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 3.5f)).as("3, 3, 3, 3: one level is no span, the stay is known").isZero();
    assertThat(novelty.observe(state, 0, 1.5f)).as("both a first move 3 -> 1 and a first span 1..3: the higher")
        .isCloseTo(surprise(10, 1), within(1e-6f));
    assertThat(novelty.observe(state, 0, 3.5f)).as("3, 3, 1, 3: the span 1..3 again; the move 1 -> 3 is new")
        .isCloseTo(surprise(11, 5), within(1e-6f));
    assertThat(novelty.observe(state, 0, 3.5f)).as("3, 1, 3, 3").isZero();
    assertThat(novelty.observe(state, 0, 2.5f)).as("a first move 3 -> 2").isCloseTo(surprise(13, 6), within(1e-6f));
    assertThat(novelty.observe(state, 0, 5.5f)).as("3, 3, 2, 5: the span 2..5 of the warm-up's ramp is known")
        .isCloseTo(surprise(14, 7), within(1e-6f));
  }

  @Test
  void theWarmUpsLevelsAndSpansAreCutFromTheRangeOfAllItsValuesWhicheverCameFirst() {
    LevelNovelty novelty = new LevelNovelty(8);
    float[] state = new float[novelty.size()];
    for (float value : new float[] {3.5f, 3.5f, 3.5f, 3.5f, 0f, 7f, 0f, 7f}) { // the range 0..7 only at the end
      assertThat(novelty.observe(state, 0, value)).isNaN();
    }
    assertThat(Arrays.copyOfRange(state, state.length - 8, state.length)).as("the warm-up's values, cleared")
        .containsOnly(0f);
    assertThat(novelty.observe(state, 0, 3.5f)).as("level 3 is known, the move 7 -> 3 is not")
        .isCloseTo(surprise(0, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 3.5f)).as("a first stay at 3").isCloseTo(surprise(1, 1), within(1e-6f));
    assertThat(novelty.observe(state, 0, 3.5f)).as("7, 3, 3, 3: the first span 3..7")
        .isCloseTo(surprise(2, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 3.5f)).as("3, 3, 3, 3: one level is no span").isZero();
    assertThat(novelty.observe(state, 0, 0f)).as("3, 3, 3, 0: the span 0..3 of the warm-up's first windows is known, "
        + "the move 3 -> 0 is new").isCloseTo(surprise(4, 2), within(1e-6f));
  }

  @Test
  void windowsWithinTwoNeighbouringLevelsMakeNoSpanWhicheverSideOfTheEdgeTheyFall() {
    LevelNovelty novelty = new LevelNovelty(8);
    float[] state = new float[novelty.size()];
    for (int i = 0; i < 8; i++) { // the range 0..7 (levels 1 wide), the spans 0..3 to 4..7 of its ramp
      novelty.observe(state, 0, i);
    }
    // levels 4, 6, 6, 7, 4, 7, 7, 6: every move among 6 and 7 made once, every span 4..7 (known)
    float[] values = {4.5f, 6.9f, 6.9f, 7.1f, 4.5f, 7.1f, 7.1f, 6.9f};
    float[] expected = {surprise(0, 0), surprise(1, 1), surprise(2, 2), surprise(3, 3), 0f, surprise(5, 4),
        surprise(6, 5), surprise(7, 6)};
    for (int i = 0; i < values.length; i++) {
      assertThat(novelty.observe(state, 0, values[i])).as("window %d after the warm-up", i)
          .isCloseTo(expected[i], within(1e-6f));
    }
    assertThat(novelty.observe(state, 0, 7.1f)).as("7, 7, 6, 7: jitter across the edge between 6 and 7, its "
        + "moves known, is no span").isZero();
    assertThat(novelty.observe(state, 0, 6.9f)).isZero();
    assertThat(novelty.observe(state, 0, 3.5f)).as("6, 7, 6, 3: the sensor's first span, 3..7")
        .isCloseTo(surprise(10, 0), within(1e-6f));
  }

  @Test
  void theLongerASensorKeepsToItsLevelsTheMoreANewOneSurprises() {
    LevelNovelty novelty = new LevelNovelty(4);
    float[] state = new float[novelty.size()];
    for (int i = 0; i < 4; i++) {
      novelty.observe(state, 0, i % 2 == 0 ? 0f : 7f);
    }
    for (int i = 0; i < 998; i++) {
      float score = novelty.observe(state, 0, i % 2 == 0 ? 0f : 7f);
      if (i >= 3) { // after the first moves 7 -> 0 and 0 -> 7 and the first span 0..7
        assertThat(score).as("window %d", i).isZero();
      }
    }
    // p = (0 + 1) / (998 + 2): three decades of the score's twenty
    assertThat(novelty.observe(state, 0, 100f)).isCloseTo(3f / 20, within(1e-6f));
  }

  @Test
  void aBurstOfFirstsReportsOnlyThoseThatBeatItsHighestUntilAGapLongerThanTheBurstGap() {
    LevelNovelty novelty = new LevelNovelty(4, 5);
    float[] state = new float[novelty.size()];
    alternateBetweenTheEndsOfTheRange(novelty, state);
    // values 9 and above lie outside the range 0..7: first visits only, no moves or spans (two levels
    // apart, so that each arrives at its level)
    assertThat(novelty.observe(state, 0, 7f)).as("a first stay 7 -> 7: a new burst")
        .isCloseTo(surprise(998, 2), within(1e-6f));
    assertThat(novelty.observe(state, 0, 9f)).as("a first visit, higher than the stay: reported")
        .isCloseTo(surprise(999, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 11f)).as("a first visit lower than the burst's highest").isZero();
    for (int i = 1; i < 5; i++) {
      assertThat(novelty.observe(state, 0, 11f)).isZero();
    }
    assertThat(novelty.observe(state, 0, 13f)).as("5 windows after the burst's latest first: the same burst")
        .isZero();
    for (int i = 1; i <= 5; i++) {
      assertThat(novelty.observe(state, 0, 13f)).isZero();
    }
    assertThat(novelty.observe(state, 0, 15f)).as("6 windows after: a new burst; the unreported firsts counted")
        .isCloseTo(surprise(1011, 3), within(1e-6f));
  }

  @Test
  void aFirstBelowItsBurstsHighestIsNotReportedThoughAboveTheBurstsLatest() {
    LevelNovelty novelty = new LevelNovelty(4, 5);
    float[] state = new float[novelty.size()];
    alternateBetweenTheEndsOfTheRange(novelty, state);
    assertThat(novelty.observe(state, 0, 9f)).as("a first visit: a new burst")
        .isCloseTo(surprise(998, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 11f)).isZero();
    assertThat(novelty.observe(state, 0, 13f)).as("the burst's latest first, surprise(1000, 2)").isZero();
    assertThat(novelty.observe(state, 0, 7f)).as("back to a known level from outside the range").isZero();
    assertThat(surprise(1002, 2)).isGreaterThan(surprise(1000, 2));
    assertThat(novelty.observe(state, 0, 7f)).as("a first stay 7 -> 7, surprise(1002, 2): above the latest,"
        + " below the highest").isZero();
  }

  @Test
  void aBurstGapTurnedOnAgainCountsTheWindowsScoredWithoutIt() {
    LevelNovelty withGap = new LevelNovelty(4, 5);
    LevelNovelty withoutGap = new LevelNovelty(4);
    float[] state = new float[withGap.size()];
    alternateBetweenTheEndsOfTheRange(withGap, state);
    assertThat(withGap.observe(state, 0, 9f)).isCloseTo(surprise(998, 0), within(1e-6f));
    for (int i = 0; i < 20; i++) {
      assertThat(withoutGap.observe(state, 0, 9f)).isZero();
    }
    assertThat(withGap.observe(state, 0, 11f)).as("21 windows after the burst's latest first: a new burst")
        .isCloseTo(surprise(1019, 1), within(1e-6f));
  }

  @Test
  void withoutABurstGapEveryFirstIsReported() {
    LevelNovelty novelty = new LevelNovelty(4);
    float[] state = new float[novelty.size()];
    alternateBetweenTheEndsOfTheRange(novelty, state);
    assertThat(novelty.observe(state, 0, 7f)).isCloseTo(surprise(998, 2), within(1e-6f));
    assertThat(novelty.observe(state, 0, 9f)).isCloseTo(surprise(999, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 11f)).isCloseTo(surprise(1000, 1), within(1e-6f));
  }

  /** A warm-up of 0, 7, 0, 7 and 998 more windows of it: the moves 7 -> 0 and 0 -> 7 are the only firsts. */
  private static void alternateBetweenTheEndsOfTheRange(LevelNovelty novelty, float[] state) {
    for (int i = 0; i < 4 + 998; i++) {
      novelty.observe(state, 0, i % 2 == 0 ? 0f : 7f);
    }
  }

  @Test
  void levelsTheWarmUpSkippedAreNewThoughInsideItsRange() {
    LevelNovelty novelty = new LevelNovelty(20);
    float[] state = new float[novelty.size()];
    for (int i = 0; i < 20; i++) {
      novelty.observe(state, 0, i % 2 == 0 ? 0f : 7f);
    }
    assertThat(novelty.observe(state, 0, 0.1f)).as("a first move 7 -> 0").isPositive();
    assertThat(novelty.observe(state, 0, 7f)).as("a first move 0 -> 7").isPositive();
    assertThat(novelty.observe(state, 0, 0.1f)).isZero();
    assertThat(novelty.observe(state, 0, 7f)).isZero();
    assertThat(novelty.observe(state, 0, 6.4f)).as("level 6, beside the 7s").isPositive();
    assertThat(novelty.observe(state, 0, 3.5f)).isPositive();
  }

  @Test
  void aValueArrivesAtANewLevelOnlyMoreThanHalfALevelFromEveryVisitedOne() {
    LevelNovelty novelty = new LevelNovelty(4);
    float[] state = new float[novelty.size()];
    alternateBetweenTheEndsOfTheRange(novelty, state); // levels 0 and 7 visited, each 1 wide
    assertThat(novelty.observe(state, 0, 8.49f)).as("level 8, 0.49 past level 7's edge").isZero();
    assertThat(novelty.observe(state, 0, 8.3f)).as("0.3 past it").isZero();
    assertThat(novelty.observe(state, 0, 8.6f)).as("0.6 past it: the first visit, the first of its kind")
        .isCloseTo(surprise(1000, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 8.9f)).as("level 8, visited now").isZero();
    assertThat(novelty.observe(state, 0, -0.45f)).as("level -1, 0.45 below level 0's edge").isZero();
    assertThat(novelty.observe(state, 0, -0.55f)).as("0.55 below it: the near misses did not count")
        .isCloseTo(surprise(1003, 1), within(1e-6f));
    assertThat(novelty.observe(state, 0, 9.4f)).as("level 9, 0.4 from level 8, visited since").isZero();
  }

  @Test
  void aBlockCutAfterItsWarmUpScoresAsTheWholeBlockWould() {
    LevelNovelty novelty = new LevelNovelty(16, 3);
    float[] whole = new float[OFFSET + novelty.size()];
    for (int i = 0; i < 15; i++) {
      novelty.observe(whole, OFFSET, i % 8);
    }
    assertThat(novelty.warmedUp(whole, OFFSET)).isFalse();
    float[] warming = whole;
    assertThatIllegalArgumentException().isThrownBy(() -> novelty.cutWarmUp(warming, OFFSET))
        .withMessageContaining("past a warm-up of 16");
    novelty.observe(whole, OFFSET, 7f);
    assertThat(novelty.warmedUp(whole, OFFSET)).isTrue();

    float[] cut = novelty.cutWarmUp(whole, OFFSET);

    assertThat(cut).hasSize(OFFSET + LevelNovelty.WARMED_UP_SIZE);
    assertThat(novelty.isCut(cut, OFFSET)).isTrue();
    assertThat(new LevelNovelty(12, 3).isCut(cut, OFFSET)).as("cut after another warm-up").isFalse();
    assertThat(novelty.isCut(whole, OFFSET)).isFalse();
    for (float value : new float[] {9f, 11f, 3.5f, 3.5f, 20f, 0f, 7f, -3f, 3.5f, 30f}) {
      assertThat(Float.floatToIntBits(novelty.observe(cut, OFFSET, value))).as("value %s", value)
          .isEqualTo(Float.floatToIntBits(novelty.observe(whole, OFFSET, value)));
    }
    assertThat(Arrays.copyOf(cut, cut.length - 1)).containsExactly(Arrays.copyOf(whole, cut.length - 1));
  }

  @Test
  void aConstantWarmUpHasLevelsAThousandthOfItsMagnitudeWide() {
    LevelNovelty novelty = new LevelNovelty(10);
    float[] state = new float[novelty.size()];
    for (int i = 0; i < 10; i++) {
      novelty.observe(state, 0, 5f);
    }
    assertThat(novelty.observe(state, 0, 5f)).as("a first stay since the warm-up").isPositive();
    assertThat(novelty.observe(state, 0, 5f)).isZero();
    assertThat(novelty.observe(state, 0, 5.0001f)).isZero();
    assertThat(novelty.observe(state, 0, 5.01f)).isPositive();
  }

  @Test
  void refusesNonFiniteValuesAndTooShortAWarmUp() {
    LevelNovelty novelty = new LevelNovelty(4);
    float[] state = new float[novelty.size()];
    assertThatIllegalArgumentException().isThrownBy(() -> novelty.observe(state, 0, Float.NaN))
        .withMessageContaining("non-finite");
    assertThat(state).containsOnly(0f);
    assertThatIllegalArgumentException().isThrownBy(() -> new LevelNovelty(3)).withMessageContaining("at least 4");
    assertThatIllegalArgumentException().isThrownBy(() -> new LevelNovelty(4, -1)).withMessageContaining(">= 0");
  }

  @Test
  void aBurstGapWithoutLevelNoveltyIsRefusedNotIgnored() {
    assertThatIllegalArgumentException().isThrownBy(() -> ForecastSettings.defaults().withLevelNovelty(0, 48))
        .withMessageContaining("needs level novelty");
    assertThatIllegalArgumentException().isThrownBy(() -> ForecastSettings.defaults().withLevelNovelty(0, -1))
        .withMessageContaining(">= 0");
    assertThat(ForecastSettings.defaults().withLevelNovelty(576, 48).levelBurstGapWindows()).isEqualTo(48);
  }

  /** The score of a first {@code windowsSince} windows after the warm-up, after {@code firsts} others of its kind. */
  private static float surprise(int windowsSince, int firsts) {
    return (float) (Math.log10((windowsSince + 2.0) / (firsts + 1.0)) / AnomalyScorer.DECADES);
  }
}
