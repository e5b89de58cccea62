package io.flowcast.flink.ingest;

import io.flowcast.flink.window.SensorStateTtl;
import io.flowcast.schemas.DeadLetter;
import java.time.Duration;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps duplicate readings out of the windows, keyed by sensor before them: a reading whose event
 * time equals that of one of its sensor's accepted readings that a window can still take (a
 * producer retry without idempotence, a re-sent batch) becomes a
 * {@link DeadLetterReason#DUPLICATE} dead letter (side output {@link #DEAD_LETTERS}, metric
 * {@code deadLetters.DUPLICATE}) instead of counting twice in its window's mean, minimum, maximum
 * and count. A sensor measures one value at an instant, so the first reading of an instant wins,
 * whatever the value of the second.
 *
 * <p>The keyed state is the sensor's accepted event times no older than the watermark minus the
 * window size and the allowed lateness ({@code retention}): a duplicate of an older reading is
 * {@link DeadLetterReason#LATE} at the windows anyway, whose watermark is at least the one this
 * operator had when it forgot the time. A sensor sending more than {@value #MAX_KEPT} readings
 * within {@code retention} keeps only its latest {@value #MAX_KEPT} (the bound on its state, 8 bytes
 * each), so a duplicate of an older one could pass. The times expire {@code ttl} after the
 * sensor's last accepted reading like the rest of its state.
 */
public final class DuplicateReadingFilter extends KeyedProcessFunction<String, Reading, Reading> {
  private static final long serialVersionUID = 2L;

  /** Side output of the duplicate readings. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("duplicate-readings", DeadLetters.TYPE);
  /** Most event times kept per sensor. */
  public static final int MAX_KEPT = 1024;

  static final String STATE = "recent-event-times";

  private final Duration ttl;
  private final long retentionMillis;
  private final String sourceTopic;
  private final SensorReadingCodec codec = new SensorReadingCodec();
  private transient ValueState<long[]> recent;
  private transient DeadLetterCounters counters;

  /**
   * @param ttl how long a sensor's event times are kept after its last accepted reading; 0 = for ever
   * @param retention the window size plus the allowed lateness: how far behind the watermark a
   *     reading's window can still take it
   * @param sourceTopic the topic the readings were read from (for the dead letters)
   */
  public DuplicateReadingFilter(Duration ttl, Duration retention, String sourceTopic) {
    this.ttl = ttl;
    this.retentionMillis = retention.toMillis();
    this.sourceTopic = sourceTopic;
  }

  @Override
  public void open(OpenContext openContext) {
    recent = getRuntimeContext().getState(SensorStateTtl.expiring(
        new ValueStateDescriptor<>(STATE, PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO), ttl));
    counters = new DeadLetterCounters(getRuntimeContext().getMetricGroup(), DeadLetterReason.DUPLICATE);
  }

  @Override
  public void processElement(Reading reading, Context ctx, Collector<Reading> out) throws Exception {
    long[] times = recent.value();
    if (times == null) {
      times = new long[0];
    }
    for (long time : times) {
      if (time == reading.eventTime) {
        counters.count(DeadLetterReason.DUPLICATE);
        ctx.output(DEAD_LETTERS, DeadLetters.ofReading(sourceTopic, reading, DeadLetterReason.DUPLICATE,
            "sensor " + reading.sensorId + " already has a reading at event time " + reading.eventTime
                + "; the first one is kept", codec));
        return;
      }
    }
    // no underflow before the first watermark (Long.MIN_VALUE)
    long oldestNeeded = Math.max(ctx.timerService().currentWatermark(), Long.MIN_VALUE + retentionMillis)
        - retentionMillis;
    recent.update(appended(times, oldestNeeded, reading.eventTime));
    out.collect(reading);
  }

  /**
   * The times of {@code kept} (in arrival order) from {@code oldestNeeded} on, then {@code latest},
   * at most {@value #MAX_KEPT} of them (the latest).
   */
  private static long[] appended(long[] kept, long oldestNeeded, long latest) {
    long[] next = new long[Math.min(kept.length + 1, MAX_KEPT)];
    int n = 0;
    for (int i = Math.max(0, kept.length - (MAX_KEPT - 1)); i < kept.length; i++) {
      if (kept[i] >= oldestNeeded) {
        next[n++] = kept[i];
      }
    }
    next[n++] = latest;
    return n == next.length ? next : Arrays.copyOf(next, n);
  }
}
