package io.flowcast.flink.ingest;

import io.flowcast.schemas.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a reading that missed its window into a {@link DeadLetterReason#LATE} dead letter, counted
 * in the metric {@code deadLetters.LATE}. The raw value is the Avro re-encoding of the reading
 * (its extra channels, which {@link Reading} does not keep, are not in it); the detail names the
 * event time and the sensor.
 */
public final class LateReadingToDeadLetter extends ProcessFunction<Reading, DeadLetter>
    implements ResultTypeQueryable<DeadLetter> {
  private static final long serialVersionUID = 1L;

  private final String sourceTopic;
  private final SensorReadingCodec codec = new SensorReadingCodec();
  private transient DeadLetterCounters counters;

  /** @param sourceTopic the topic the readings were read from */
  public LateReadingToDeadLetter(String sourceTopic) {
    this.sourceTopic = sourceTopic;
  }

  @Override
  public void open(OpenContext openContext) {
    counters = new DeadLetterCounters(getRuntimeContext().getMetricGroup(), DeadLetterReason.LATE);
  }

  @Override
  public void processElement(Reading reading, Context context, Collector<DeadLetter> out) {
    counters.count(DeadLetterReason.LATE);
    String detail = "reading of sensor " + reading.sensorId + " at eventTime " + reading.eventTime
        + " ms arrived after its window closed";
    out.collect(DeadLetters.ofReading(sourceTopic, reading, DeadLetterReason.LATE, detail, codec));
  }

  @Override
  public TypeInformation<DeadLetter> getProducedType() {
    return DeadLetters.TYPE;
  }
}
