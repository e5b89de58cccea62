package io.flowcast.benchmarks;

import io.flowcast.flink.ingest.Reading;
import io.flowcast.flink.window.SensorIdKey;
import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.flink.window.WindowFeaturesAggregate;
import io.flowcast.flink.window.WindowFeaturesFunction;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * One bounded run of the benchmarked pipeline on a fresh local MiniCluster:
 *
 * <pre>
 *   sequence -> ReadingGenerator -> monotonous watermarks -> keyBy(sensorId)
 *     -> tumbling event-time window (WindowFeaturesAggregate + WindowFeaturesFunction)
 *     -> the variant's forecasting stage -> LatencySink
 * </pre>
 *
 * <p>The MiniCluster reports its metrics to {@link FineTuneRounds}, which counts a fine-tuner's rounds.
 */
final class PipelineJob {
  private final ReadingPlan plan;
  private final Configuration forecasting;

  /**
   * @param plan the generated readings; its {@code parts} is the job's parallelism
   * @param forecasting the job's forecasting options ({@link io.flowcast.flink.job.ForecastOptions})
   */
  PipelineJob(ReadingPlan plan, Configuration forecasting) {
    this.plan = plan;
    this.forecasting = forecasting;
  }

  /** Runs {@code variant} to the end of its input and returns what it measured. */
  PipelineRun run(PipelineVariant variant) throws Exception {
    Configuration cluster = new Configuration();
    FineTuneRounds.enable(cluster);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(plan.parts(), cluster);
    DataStream<WindowFeatures> windows = env
        .fromSequence(0, plan.readings() - 1)
        .name("sequence")
        .map(new ReadingGenerator(plan))
        .name("generate readings")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Reading>forMonotonousTimestamps()
            .withTimestampAssigner((reading, previous) -> reading.eventTime))
        .keyBy(new SensorIdKey())
        .window(TumblingEventTimeWindows.of(Duration.ofMillis(plan.windowMillis())))
        .aggregate(new WindowFeaturesAggregate(), new WindowFeaturesFunction())
        .name("window features");
    variant.attach(windows, forecasting).sinkTo(new LatencySink()).name("latency sink");

    PipelineRecorder.reset();
    FineTuneRounds.reset();
    long start = System.currentTimeMillis();
    env.execute("pipeline throughput: " + variant.label());
    long wall = System.currentTimeMillis() - start;
    long[] latencies = PipelineRecorder.sortedLatencies();
    if (latencies.length == 0) {
      throw new IllegalStateException(variant.label() + " run emitted no forecasts");
    }
    return new PipelineRun(variant, latencies.length, PipelineRecorder.activeMillis(), wall,
        PipelineRecorder.cpuMillis(), PipelineRecorder.stageCpuMillis(), PipelineRun.quantile(latencies, 0.50),
        PipelineRun.quantile(latencies, 0.99), FineTuneRounds.rounds(), FineTuneRounds.accepted());
  }
}
