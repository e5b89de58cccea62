package io.flowcast.flink.job;

import io.flowcast.model.step.StepEngine;
import io.flowcast.model.step.StepEngines;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Runs {@link CheckModel} through a step engine on the TaskManager for a number of steps and
 * reports, as one {@code key=value} line, which attempt ran, the engine, the class loader
 * model-core came from (the job JAR's, child-first), and the forecasts. An engine that is not in
 * the job JAR fails the task naming the module it comes in.
 *
 * <p>With a fail-once marker, the first attempt to create that file succeeds and throws instead of
 * computing; later attempts find the file and run normally.
 */
final class ModelCheckFunction extends RichMapFunction<Integer, String> {
  private static final long serialVersionUID = 1L;

  private final String engine;
  private final String failOnceMarker;

  /**
   * @param engine the step engine's name ({@link StepEngines#named})
   * @param failOnceMarker a file path on the TaskManager, or null for no injected failure
   */
  ModelCheckFunction(String engine, String failOnceMarker) {
    this.engine = engine;
    this.failOnceMarker = failOnceMarker;
  }

  @Override
  public String map(Integer steps) throws IOException {
    if (failOnceMarker != null && FailOnceMarker.claim(Path.of(failOnceMarker))) {
      throw new IllegalStateException("injected failure: created " + failOnceMarker);
    }
    StepEngine stepEngine = StepEngines.named(engine);
    float[] forecast = CheckModel.forecast(steps, stepEngine);
    return "attempt=" + getRuntimeContext().getTaskInfo().getAttemptNumber()
        + " steps=" + steps
        + " engine=" + stepEngine.name()
        + " loader=" + StepEngines.class.getClassLoader().getClass().getName()
        + " forecast=" + join(forecast);
  }

  private static String join(float[] values) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ",").append(values[i]);
    }
    return text.toString();
  }
}
