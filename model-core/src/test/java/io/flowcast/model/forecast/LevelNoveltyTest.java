package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LevelNoveltyTest {
  private static final int OFFSET = 3;

  @Test
  void aFirstVisitScoresTheSurpriseOfTheSensorsOwnRateOfFirstVisits() {
    LevelNovelty novelty = new LevelNovelty(8);
    float[] state = new float[OFFSET + LevelNovelty.SIZE];
    for (int i = 0; i < 8; i++) {
      assertThat(novelty.observe(state, OFFSET, i)).as("warm-up window %d", i).isNaN(); // range 0..7: levels 1 wide
    }
    assertThat(novelty.observe(state, OFFSET, 3.5f)).isZero();
    assertThat(novelty.observe(state, OFFSET, 8.2f)).isCloseTo(surprise(1, 0), within(1e-6f)); // windows since: 1
    assertThat(novelty.observe(state, OFFSET, 8.9f)).as("the same level again").isZero();
    assertThat(novelty.observe(state, OFFSET, 20f)).isCloseTo(surprise(3, 1), within(1e-6f));
    assertThat(novelty.observe(state, OFFSET, 1e12f)).isCloseTo(surprise(4, 2), within(1e-6f)); // the top overflow
    assertThat(novelty.observe(state, OFFSET, 2e12f)).as("the top overflow again").isZero();
    assertThat(novelty.observe(state, OFFSET, -1e12f)).isCloseTo(surprise(6, 3), within(1e-6f));
    assertThat(novelty.observe(state, OFFSET, -7.5f)).isCloseTo(surprise(7, 4), within(1e-6f)); // level -8
  }

  @Test
  void aFirstMoveBetweenTwoOfTheRangesLevelsScoresByTheRateOfFirstMoves() {
    LevelNovelty novelty = new LevelNovelty(8);
    float[] state = new float[LevelNovelty.SIZE];
    for (int i = 0; i < 8; i++) {
      novelty.observe(state, 0, i);
    }
    assertThat(novelty.observe(state, 0, 0f)).as("no window before it since the warm-up").isZero();
    assertThat(novelty.observe(state, 0, 1f)).isCloseTo(surprise(1, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 0.5f)).isCloseTo(surprise(2, 1), within(1e-6f));
    assertThat(novelty.observe(state, 0, 1.5f)).as("0 -> 1 again").isZero();
    assertThat(novelty.observe(state, 0, 0f)).as("1 -> 0 again").isZero();
    assertThat(novelty.observe(state, 0, 5f)).isCloseTo(surprise(5, 2), within(1e-6f));
    assertThat(novelty.observe(state, 0, 9f)).as("a first visit outside the range: the level's own rate")
        .isCloseTo(surprise(6, 0), within(1e-6f));
    assertThat(novelty.observe(state, 0, 5f)).as("moves to and from outside the range are not tracked").isZero();
  }

  @Test
  void theLongerASensorKeepsToItsLevelsTheMoreANewOneSurprises() {
    LevelNovelty novelty = new LevelNovelty(2);
    float[] state = new float[LevelNovelty.SIZE];
    novelty.observe(state, 0, 0f);
    novelty.observe(state, 0, 7f);
    for (int i = 0; i < 998; i++) {
      float score = novelty.observe(state, 0, i % 2 == 0 ? 0f : 7f);
      if (i >= 3) { // after the first moves 0 -> 7 and 7 -> 0
        assertThat(score).as("window %d", i).isZero();
      }
    }
    // p = (0 + 1) / (998 + 2): three decades of the score's twenty
    assertThat(novelty.observe(state, 0, 100f)).isCloseTo(3f / 20, within(1e-6f));
  }

  @Test
  void levelsTheWarmUpSkippedAreNewThoughInsideItsRange() {
    LevelNovelty novelty = new LevelNovelty(10);
    float[] state = new float[LevelNovelty.SIZE];
    for (int i = 0; i < 10; i++) {
      novelty.observe(state, 0, i % 2 == 0 ? 0f : 7f);
    }
    assertThat(novelty.observe(state, 0, 0.1f)).isZero();
    assertThat(novelty.observe(state, 0, 6.9f)).as("level 6, beside the 7s").isPositive();
    assertThat(novelty.observe(state, 0, 3.5f)).isPositive();
    assertThat(novelty.observe(state, 0, 3.4f)).as("a first stay at level 3").isPositive();
    assertThat(novelty.observe(state, 0, 3.2f)).isZero();
  }

  @Test
  void aConstantWarmUpHasLevelsAThousandthOfItsMagnitudeWide() {
    LevelNovelty novelty = new LevelNovelty(5);
    float[] state = new float[LevelNovelty.SIZE];
    for (int i = 0; i < 5; i++) {
      novelty.observe(state, 0, 5f);
    }
    assertThat(novelty.observe(state, 0, 5f)).isZero();
    assertThat(novelty.observe(state, 0, 5f)).as("a first stay since the warm-up").isPositive();
    assertThat(novelty.observe(state, 0, 5.0001f)).isZero();
    assertThat(novelty.observe(state, 0, 5.01f)).isPositive();
  }

  @Test
  void refusesNonFiniteValuesAndTooShortAWarmUp() {
    LevelNovelty novelty = new LevelNovelty(2);
    float[] state = new float[LevelNovelty.SIZE];
    assertThatIllegalArgumentException().isThrownBy(() -> novelty.observe(state, 0, Float.NaN))
        .withMessageContaining("non-finite");
    assertThat(state).containsOnly(0f);
    assertThatIllegalArgumentException().isThrownBy(() -> new LevelNovelty(1)).withMessageContaining("at least 2");
  }

  /** The score of a first visit {@code windowsSince} windows after the warm-up, after {@code firstVisits} others. */
  private static float surprise(int windowsSince, int firstVisits) {
    return (float) (Math.log10((windowsSince + 2.0) / (firstVisits + 1.0)) / AnomalyScorer.DECADES);
  }
}
