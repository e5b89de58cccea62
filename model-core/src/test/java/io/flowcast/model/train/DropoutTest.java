package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DropoutTest {

  @Test
  void masksAreZeroOrInverseKeepProbabilityAtTheRightRate() {
    double[] mask = new Dropout(0.25, new Random(1)).mask(100_000);
    assertThat(mask).containsOnly(0, 1 / 0.75);
    double dropped = Arrays.stream(mask).filter(v -> v == 0).count() / 100_000.0;
    assertThat(dropped).isCloseTo(0.25, within(0.01));
    assertThat(Arrays.stream(mask).average().orElseThrow()).as("expectation kept").isCloseTo(1, within(0.02));
  }

  @Test
  void sameSeedSameMasks() {
    assertThat(new Dropout(0.5, new Random(7)).mask(64)).isEqualTo(new Dropout(0.5, new Random(7)).mask(64));
  }

  @Test
  void disabledIsTheIdentity() {
    double[] values = {1, 2, 3};
    assertThat(Dropout.DISABLED.mask(3)).isNull();
    assertThat(Dropout.apply(values, null)).isSameAs(values);
    assertThat(Dropout.apply(values, new double[] {0, 2, 1})).containsExactly(0, 4, 3);
  }

  @Test
  void rejectsRatesOutsideZeroToOne() {
    assertThatThrownBy(() -> new Dropout(1, new Random())).hasMessageContaining("[0, 1)");
    assertThatThrownBy(() -> new Dropout(-0.1, new Random())).hasMessageContaining("[0, 1)");
  }
}
