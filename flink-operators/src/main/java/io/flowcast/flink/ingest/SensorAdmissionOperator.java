package io.flowcast.flink.ingest;

import io.flowcast.flink.window.SensorStateTtl;
import io.flowcast.schemas.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The guard against a flood of new sensor ids ({@code state.max-sensors}), keyed by sensor before
 * the windows: a sensor this parallel task already admitted passes; a new one is admitted while
 * the task holds fewer than {@code maxSensors}, and otherwise becomes a
 * {@link DeadLetterReason#TOO_MANY_SENSORS} dead letter (side output {@link #DEAD_LETTERS},
 * metric {@code deadLetters.TOO_MANY_SENSORS}) and creates no state anywhere downstream.
 *
 * <p>Each admitted sensor has a keyed "admitted" state (the processing time it was last
 * refreshed), which expires like the forecasting state: {@code ttl} after its last refresh, and a
 * sensor that keeps sending is refreshed every tenth of {@code ttl}. The per-task count of admitted
 * sensors is never checkpointed: it is recounted from the keyed state on restore, so it is right
 * after a rescale (each task counts the key groups it got), and again, at most once a minute, when
 * it reaches the limit, since state that expired is not reported and the running count only grows.
 */
public final class SensorAdmissionOperator extends AbstractStreamOperator<Reading>
    implements OneInputStreamOperator<Reading, Reading> {
  private static final long serialVersionUID = 1L;

  /** Side output of the readings of sensors refused for being too many. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("too-many-sensors", DeadLetters.TYPE);

  static final String STATE = "admitted";
  private static final long RECOUNT_INTERVAL_MS = 60_000L;

  private final int maxSensors;
  private final long ttlMillis;
  private final String sourceTopic;

  private transient ValueState<Long> admitted;
  private transient long count;
  private transient long lastRecount;
  private transient DeadLetterCounters counters;
  private transient SensorReadingCodec codec;

  /**
   * @param maxSensors the most sensors one parallel task admits, > 0
   * @param ttl how long an admission lasts after the sensor's last reading; 0 = for ever
   * @param sourceTopic the topic the readings were read from (for the dead letters)
   */
  public SensorAdmissionOperator(int maxSensors, Duration ttl, String sourceTopic) {
    if (maxSensors < 1) {
      throw new IllegalArgumentException("the most sensors per task must be > 0, got " + maxSensors);
    }
    this.maxSensors = maxSensors;
    this.ttlMillis = ttl.toMillis();
    this.sourceTopic = sourceTopic;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    admitted = getPartitionedState(
        SensorStateTtl.expiring(new ValueStateDescriptor<>(STATE, Types.LONG), Duration.ofMillis(ttlMillis)));
    count = context.isRestored() ? recount() : 0;
  }

  @Override
  public void open() throws Exception {
    super.open();
    counters = new DeadLetterCounters(getMetricGroup(), DeadLetterReason.TOO_MANY_SENSORS);
    getMetricGroup().gauge("admittedSensors", () -> count);
    codec = new SensorReadingCodec();
  }

  @Override
  public void processElement(StreamRecord<Reading> element) throws Exception {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    Long refreshed = admitted.value();
    if (refreshed != null) {
      if (ttlMillis > 0 && now - refreshed >= ttlMillis / 10) {
        admitted.update(now);
      }
      output.collect(element);
      return;
    }
    if (count >= maxSensors && now - lastRecount >= RECOUNT_INTERVAL_MS) {
      lastRecount = now;
      Object key = getCurrentKey();
      count = recount();
      setCurrentKey(key);
    }
    if (count < maxSensors) {
      admitted.update(now);
      count++;
      output.collect(element);
      return;
    }
    Reading reading = element.getValue();
    counters.count(DeadLetterReason.TOO_MANY_SENSORS);
    output.collect(DEAD_LETTERS, new StreamRecord<>(DeadLetters.ofReading(sourceTopic, reading,
        DeadLetterReason.TOO_MANY_SENSORS, "sensor " + reading.sensorId + " is new, and this task already holds "
            + count + " sensors, the most state.max-sensors allows", codec)));
  }

  /** Sensors of this task's key groups whose admission has not expired; moves the current key. */
  private long recount() throws Exception {
    List<Object> keys;
    KeyedStateBackend<Object> backend = getKeyedStateBackend();
    try (Stream<Object> stream = backend.getKeys(STATE, VoidNamespace.INSTANCE)) {
      keys = stream.collect(Collectors.toList()); // reading an expired value removes it: not while iterating
    }
    long live = 0;
    for (Object key : keys) {
      setCurrentKey(key);
      if (admitted.value() != null) {
        live++;
      }
    }
    return live;
  }

  /** Sensors this task admitted, as far as it knows (expired ones count until the next recount). */
  long admittedSensors() {
    return count;
  }
}
