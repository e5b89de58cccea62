package io.flowcast.flink.ingest;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * One Flink counter per dead-letter reason, registered as {@code deadLetters.<REASON>} under an
 * operator's metric group (for example {@code ...deadLetters.MALFORMED_AVRO}). Counters are
 * registered up front so that a reason that never occurs still reports 0.
 */
public final class DeadLetterCounters {
  /** Name of the metric group that holds the counters. */
  public static final String GROUP = "deadLetters";

  private final Map<DeadLetterReason, Counter> counters = new EnumMap<>(DeadLetterReason.class);

  /** Registers a counter for each of {@code reasons} under {@code operatorGroup}. */
  public DeadLetterCounters(MetricGroup operatorGroup, DeadLetterReason... reasons) {
    MetricGroup group = operatorGroup.addGroup(GROUP);
    for (DeadLetterReason reason : reasons) {
      counters.put(reason, group.counter(reason.name()));
    }
  }

  /**
   * Counts one dead letter.
   *
   * @throws IllegalArgumentException if no counter was registered for {@code reason}
   */
  public void count(DeadLetterReason reason) {
    Counter counter = counters.get(reason);
    if (counter == null) {
      throw new IllegalArgumentException("no dead-letter counter registered for " + reason);
    }
    counter.inc();
  }
}
