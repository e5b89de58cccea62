package io.flowcast.flink.job;

import io.flowcast.model.step.StepEngines;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Checks that a cluster can run Flowcast: loads model-core and a step engine on a TaskManager,
 * steps a small LSTM over a bounded generated sequence, and writes the result line to a file given
 * by {@code --output}.
 *
 * <pre>
 * flink run -c io.flowcast.flink.job.ClusterCheckJob flowcast-flink-operators-VERSION-job.jar \
 *     --output /tmp/flowcast-check.txt [--steps 64] [--engine java] [--fail-once-marker /tmp/flowcast-fail-once]
 * </pre>
 *
 * <p>The line reads {@code attempt=0 steps=64 engine=java loader=... forecast=f0,f1,f2,f3} (see {@link CheckModel}). {@code --fail-once-marker FILE} makes the first
 * attempt that creates FILE fail, to check restarts: the job restarts with a fixed delay, up to
 * {@value #RESTART_ATTEMPTS} times. Output and marker paths are on the TaskManager's file system.
 */
public final class ClusterCheckJob {
  private static final int RESTART_ATTEMPTS = 2;
  private static final int DEFAULT_STEPS = 64;

  private ClusterCheckJob() {}

  /** Builds and runs the check job; see the class javadoc for the arguments. */
  public static void main(String[] args) throws Exception {
    ParameterTool params = ParameterTool.fromArgs(args);
    String output = params.getRequired("output");
    int steps = params.getInt("steps", DEFAULT_STEPS);
    String engine = params.get("engine", StepEngines.JAVA);
    String failOnceMarker = params.get("fail-once-marker");

    Configuration config = new Configuration();
    config.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
    config.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.setParallelism(1);

    env.fromData(steps)
        .map(new ModelCheckFunction(engine, failOnceMarker))
        .name("step LSTM with " + engine)
        .sinkTo(new LineFileSink(output))
        .name("write result line");
    env.execute("Flowcast cluster check");
  }
}
