package io.flowcast.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SampleBudgetTest {

  private static int taken(SampleBudget budget, long fromMillis, long toMillis, long everyMillis) {
    int taken = 0;
    for (long t = fromMillis; t < toMillis; t += everyMillis) {
      if (budget.tryTake(t)) {
        taken++;
      }
    }
    return taken;
  }

  @Test
  void holdsTheRateWhateverIsAsked() {
    SampleBudget budget = new SampleBudget(10);
    // 1000 requests a second for 10 s: one second's burst, then 10 a second
    int taken = taken(budget, 0, 10_000, 1);
    assertThat(taken).isBetween(100, 111);
  }

  @Test
  void aSlowerDemandIsNeverCut() {
    SampleBudget budget = new SampleBudget(10);
    assertThat(taken(budget, 0, 10_000, 200)).isEqualTo(50);
  }

  @Test
  void aRateBelowOnePerSecondStillLetsOneThrough() {
    SampleBudget budget = new SampleBudget(0.5);
    assertThat(taken(budget, 0, 10_000, 10)).isBetween(5, 6);
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> new SampleBudget(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
