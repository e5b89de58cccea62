package io.flowcast.flink.window;

import io.flowcast.flink.ingest.Reading;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds readings into a {@link WindowAccumulator} (count, sum, min, max, and the value with the
 * greatest event time) in any arrival order. Of readings with equal event times the one that
 * arrives last wins "last". The accumulator itself is the result; {@link WindowFeaturesFunction}
 * adds the key and window.
 */
public final class WindowFeaturesAggregate implements AggregateFunction<Reading, WindowAccumulator, WindowAccumulator> {
  private static final long serialVersionUID = 1L;

  @Override
  public WindowAccumulator createAccumulator() {
    return new WindowAccumulator();
  }

  @Override
  public WindowAccumulator add(Reading reading, WindowAccumulator acc) {
    acc.count++;
    acc.sum += reading.value;
    acc.min = Math.min(acc.min, reading.value);
    acc.max = Math.max(acc.max, reading.value);
    if (reading.eventTime >= acc.lastEventTime) {
      acc.lastEventTime = reading.eventTime;
      acc.lastValue = reading.value;
    }
    return acc;
  }

  @Override
  public WindowAccumulator getResult(WindowAccumulator acc) {
    return acc;
  }

  /** Combines two partial aggregates; on equal last event times {@code b}'s value wins. */
  @Override
  public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
    WindowAccumulator merged = new WindowAccumulator();
    merged.count = a.count + b.count;
    merged.sum = a.sum + b.sum;
    merged.min = Math.min(a.min, b.min);
    merged.max = Math.max(a.max, b.max);
    WindowAccumulator later = b.lastEventTime >= a.lastEventTime ? b : a;
    merged.lastEventTime = later.lastEventTime;
    merged.lastValue = later.lastValue;
    return merged;
  }
}
