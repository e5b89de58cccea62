package io.flowcast.flink.ingest;

import io.flowcast.schemas.DeadLetter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes readings on and sends dead letters to the side output {@link #DEAD_LETTERS}, counting
 * each in the metric {@code deadLetters.<REASON>}.
 */
public final class DeadLetterSplitter extends ProcessFunction<Either<DeadLetter, Reading>, Reading> {
  private static final long serialVersionUID = 1L;

  /** Side output of the records that could not be decoded or failed validation. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("decode-dead-letters", DeadLetters.TYPE);

  private transient DeadLetterCounters counters;

  @Override
  public void open(OpenContext openContext) {
    counters = new DeadLetterCounters(getRuntimeContext().getMetricGroup(),
        DeadLetterReason.foundWhileDecoding().toArray(DeadLetterReason[]::new));
  }

  @Override
  public void processElement(Either<DeadLetter, Reading> element, Context context, Collector<Reading> out) {
    if (element.isRight()) {
      out.collect(element.right());
      return;
    }
    DeadLetter deadLetter = element.left();
    counters.count(DeadLetterReason.valueOf(deadLetter.getReason()));
    context.output(DEAD_LETTERS, deadLetter);
  }
}
