package io.flowcast.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SampleBudgetTest {

  /** {@code sensors} sensors offering a sample each, in the same order, every {@code everyMillis}. */
  private static int[] offer(SampleBudget budget, int sensors, long toMillis, long everyMillis) {
    int[] taken = new int[sensors];
    for (long t = 0; t < toMillis; t += everyMillis) {
      for (int s = 0; s < sensors; s++) {
        if (budget.tryTake(t, SampleBudget.uniform("sensor-" + s, t))) {
          taken[s]++;
        }
      }
    }
    return taken;
  }

  private static int sum(int[] values) {
    int total = 0;
    for (int value : values) {
      total += value;
    }
    return total;
  }

  @Test
  void holdsTheRateWhateverIsOffered() {
    // 100 sensors every 10 ms: 10,000 offers a second against a budget of 20
    int taken = sum(offer(new SampleBudget(20), 100, 20_000, 10));
    assertThat(taken).isBetween(300, 420);
  }

  @Test
  void favoursNoSensorWhateverItsPlaceInTheBundle() {
    int[] taken = offer(new SampleBudget(50), 50, 60_000, 100); // 500 offers a second, 50 admitted
    int total = sum(taken);
    assertThat(total).isGreaterThan(2000);
    double mean = total / 50.0;
    for (int count : taken) {
      assertThat(count).isBetween((int) (0.6 * mean), (int) (1.4 * mean));
    }
    // the first sensors of each round are no better off than the last ones
    int first = taken[0] + taken[1] + taken[2] + taken[3] + taken[4];
    int last = taken[45] + taken[46] + taken[47] + taken[48] + taken[49];
    assertThat((double) first / last).isBetween(0.7, 1.4);
  }

  @Test
  void aSlowerDemandIsNeverCut() {
    assertThat(sum(offer(new SampleBudget(10), 1, 10_000, 200))).isEqualTo(50);
  }

  @Test
  void uniformNumbersAreInTheUnitIntervalAndRepeatable() {
    for (int i = 0; i < 1000; i++) {
      double u = SampleBudget.uniform("s" + i, i * 60_000L);
      assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1).isEqualTo(SampleBudget.uniform("s" + i, i * 60_000L));
    }
  }

  @Test
  void refusesANonPositiveRate() {
    assertThatThrownBy(() -> new SampleBudget(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
