package io.flowcast.benchmarks;

import io.flowcast.schemas.Forecast;
import java.util.Arrays;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Discards forecasts after recording each one's latency, emission time minus
 * {@code windowClosedAt}, and hands its subtask's latencies to {@link PipelineRecorder} when it
 * closes.
 */
final class LatencySink implements Sink<Forecast> {
  private static final long serialVersionUID = 1L;

  @Override
  public SinkWriter<Forecast> createWriter(WriterInitContext context) {
    return new Writer();
  }

  private static final class Writer implements SinkWriter<Forecast> {
    private long[] latencies = new long[1 << 16];
    private int count;
    private long lastAt = Long.MIN_VALUE;

    @Override
    public void write(Forecast forecast, Context context) {
      long now = System.currentTimeMillis();
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, 2 * count);
      }
      latencies[count++] = now - forecast.getWindowClosedAt().toEpochMilli();
      lastAt = now;
    }

    @Override
    public void flush(boolean endOfInput) {}

    @Override
    public void close() {
      PipelineRecorder.sinkDone(latencies, count, lastAt);
    }
  }
}
