package io.flowcast.flink.window;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;

/**
 * The expiry of a sensor's keyed state ({@code state.ttl}), the same for every operator that keeps
 * some: the state lives {@code ttl} after it was last written (created or updated) and is never
 * read once expired. A zero ttl keeps it for ever.
 */
public final class SensorStateTtl {
  private SensorStateTtl() {}

  /** {@code descriptor}, with {@code ttl} switched on unless it is zero. */
  public static <T> ValueStateDescriptor<T> expiring(ValueStateDescriptor<T> descriptor, Duration ttl) {
    if (ttl.toMillis() > 0) {
      descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
          .updateTtlOnCreateAndWrite()
          .neverReturnExpired()
          .build());
    }
    return descriptor;
  }
}
