package io.flowcast.flink.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateMeterTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final RateMeter meter = new RateMeter(10, now::get);

  @Test
  void countsCompleteSecondsOnly() {
    meter.mark(5);
    now.addAndGet(1_000);
    meter.mark(3);
    assertThat(meter.countOverLast(2)).isEqualTo(5);
    now.addAndGet(500);
    meter.mark(100);
    assertThat(meter.countOverLast(2)).as("the current second is not complete").isEqualTo(5);
    now.addAndGet(500);
    assertThat(meter.countOverLast(2)).isEqualTo(108);
    assertThat(meter.perSecond(3)).isEqualTo(108 / 3.0);
  }

  @Test
  void forgetsSecondsOlderThanTheWindow() {
    meter.mark(7);
    now.addAndGet(11_000);
    meter.mark(1);
    now.addAndGet(1_000);
    assertThat(meter.countOverLast(10)).isEqualTo(1);
  }

  @Test
  void refusesAWindowLongerThanItKeeps() {
    assertThatThrownBy(() -> meter.countOverLast(11)).hasMessageContaining("seconds must be in [1, 10], got 11");
  }
}
