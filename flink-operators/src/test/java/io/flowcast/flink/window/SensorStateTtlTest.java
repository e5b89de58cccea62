package io.flowcast.flink.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;

class SensorStateTtlTest {
  @Test
  void aTtlExpiresTheStateAfterItsLastWriteAndNeverReturnsItExpired() {
    StateTtlConfig ttl = SensorStateTtl.expiring(new ValueStateDescriptor<>("s", Types.LONG), Duration.ofHours(1))
        .getTtlConfig();
    assertThat(ttl.isEnabled()).isTrue();
    assertThat(ttl.getTimeToLive()).isEqualTo(Duration.ofHours(1));
    assertThat(ttl.getUpdateType()).isEqualTo(StateTtlConfig.UpdateType.OnCreateAndWrite);
    assertThat(ttl.getStateVisibility()).isEqualTo(StateTtlConfig.StateVisibility.NeverReturnExpired);
  }

  @Test
  void aZeroTtlKeepsTheStateForEver() {
    assertThat(SensorStateTtl.expiring(new ValueStateDescriptor<>("s", Types.LONG), Duration.ZERO)
        .getTtlConfig().isEnabled()).isFalse();
  }
}
