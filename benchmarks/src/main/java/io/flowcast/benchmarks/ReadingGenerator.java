package io.flowcast.benchmarks;

import io.flowcast.flink.ingest.Reading;
import org.apache.flink.api.common.functions.MapFunction;

/** Turns the source's sequence numbers into readings and marks when the first one was made. */
final class ReadingGenerator implements MapFunction<Long, Reading> {
  private static final long serialVersionUID = 1L;

  private final ReadingPlan plan;
  private transient boolean started;

  ReadingGenerator(ReadingPlan plan) {
    this.plan = plan;
  }

  @Override
  public Reading map(Long index) {
    if (!started) {
      started = true;
      PipelineRecorder.firstReading(System.currentTimeMillis());
    }
    return plan.reading(index);
  }
}
