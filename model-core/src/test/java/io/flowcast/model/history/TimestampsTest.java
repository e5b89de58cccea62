package io.flowcast.model.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final long APRIL_FIRST_2014 = 1_396_310_400_000L;

  @Test
  void readsIsoWithOrWithoutZoneAndT() {
    assertThat(Timestamps.parseMillis("2014-04-01 00:00:00")).as("NAB's form, UTC").isEqualTo(APRIL_FIRST_2014);
    assertThat(Timestamps.parseMillis("2014-04-01T00:00:00")).isEqualTo(APRIL_FIRST_2014);
    assertThat(Timestamps.parseMillis("2014-04-01T00:00:00Z")).isEqualTo(APRIL_FIRST_2014);
    assertThat(Timestamps.parseMillis("2014-04-01T02:00:00+02:00")).isEqualTo(APRIL_FIRST_2014);
    assertThat(Timestamps.parseMillis("2014-04-01 02:00:00+02:00")).isEqualTo(APRIL_FIRST_2014);
    assertThat(Timestamps.parseMillis("2014-04-01T00:00:00.250Z")).isEqualTo(APRIL_FIRST_2014 + 250);
    assertThat(Timestamps.parseMillis("2014-04-01")).isEqualTo(APRIL_FIRST_2014);
    assertThat(Timestamps.parseMillis(" 2014-04-01 00:05 ")).isEqualTo(APRIL_FIRST_2014 + 300_000);
  }

  @Test
  void readsEpochSecondsAndMillisByMagnitude() {
    assertThat(Timestamps.parseMillis("1396310400")).isEqualTo(APRIL_FIRST_2014);
    assertThat(Timestamps.parseMillis("1396310400.5")).isEqualTo(APRIL_FIRST_2014 + 500);
    assertThat(Timestamps.parseMillis("1396310400000")).isEqualTo(APRIL_FIRST_2014);
    assertThat(Timestamps.parseMillis("0")).isZero();
  }

  @Test
  void rejectsWhatIsNoTimestamp() {
    assertThatThrownBy(() -> Timestamps.parseMillis("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unparsable timestamp 'yesterday'");
    assertThatThrownBy(() -> Timestamps.parseMillis("2014-13-01 00:00:00"))
        .hasMessageContaining("unparsable timestamp");
    assertThatThrownBy(() -> Timestamps.parseMillis("")).hasMessageContaining("empty timestamp");
  }
}
