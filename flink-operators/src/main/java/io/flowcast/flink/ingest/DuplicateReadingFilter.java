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
 * time equals that of one of its sensor's last {@value #RECENT} accepted readings (a producer retry
 * without idempotence, a re-sent batch) becomes a {@link DeadLetterReason#DUPLICATE} dead letter
 * (side output {@link #DEAD_LETTERS}, metric {@code deadLetters.DUPLICATE}) instead of counting
 * twice in its window's mean, minimum, maximum and count. A sensor
 * measures one value at an instant, so the first reading of an instant wins, whatever the value
 * of the second. A duplicate of an older reading than the last {@value #RECENT} is let through:
 * by then its window has usually closed, and the window operator makes it a
 * {@link DeadLetterReason#LATE} dead letter.
 *
 * <p>The keyed state is those event times (at most {@value #RECENT} longs per sensor), expiring
 * {@code ttl} after the sensor's last accepted reading like the rest of its state.
 */
public final class DuplicateReadingFilter extends KeyedProcessFunction<String, Reading, Reading> {
  private static final long serialVersionUID = 1L;

  /** Side output of the duplicate readings. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("duplicate-readings", DeadLetters.TYPE);
  /** How many of a sensor's latest accepted event times a reading is checked against. */
  public static final int RECENT = 16;

  static final String STATE = "recent-event-times";

  private final Duration ttl;
  private final String sourceTopic;
  private final SensorReadingCodec codec = new SensorReadingCodec();
  private transient ValueState<long[]> recent;
  private transient DeadLetterCounters counters;

  /**
   * @param ttl how long a sensor's event times are kept after its last accepted reading; 0 = for ever
   * @param sourceTopic the topic the readings were read from (for the dead letters)
   */
  public DuplicateReadingFilter(Duration ttl, String sourceTopic) {
    this.ttl = ttl;
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
    recent.update(appended(times, reading.eventTime));
    out.collect(reading);
  }

  /** {@code latest} after the last {@value #RECENT} - 1 of {@code kept}. */
  private static long[] appended(long[] kept, long latest) {
    int from = Math.max(0, kept.length - (RECENT - 1));
    long[] next = Arrays.copyOfRange(kept, from, kept.length + 1);
    next[next.length - 1] = latest;
    return next;
  }
}
