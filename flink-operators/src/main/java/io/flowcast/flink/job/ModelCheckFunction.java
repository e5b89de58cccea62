package io.flowcast.flink.job;

import io.flowcast.model.step.MatmulBackend;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs {@link CheckModel} through ND4J on the TaskManager for a number of steps and reports, as one
 * {@code key=value} line, which attempt ran, the ND4J backend and BLAS vendor that loaded, the
 * class loader ND4J came from, and the forecasts.
 *
 * <p>With a fail-once marker, the first attempt to create that file succeeds and throws instead of
 * computing; later attempts find the file and run normally.
 */
final class ModelCheckFunction extends RichMapFunction<Integer, String> {
  private static final long serialVersionUID = 1L;

  private final String failOnceMarker;

  /** @param failOnceMarker a file path on the TaskManager, or null for no injected failure */
  ModelCheckFunction(String failOnceMarker) {
    this.failOnceMarker = failOnceMarker;
  }

  @Override
  public String map(Integer steps) throws IOException {
    if (failOnceMarker != null && createdMarker(Path.of(failOnceMarker))) {
      throw new IllegalStateException("injected failure: created " + failOnceMarker);
    }
    float[] forecast = CheckModel.forecast(steps, MatmulBackend.ND4J);
    return "attempt=" + getRuntimeContext().getTaskInfo().getAttemptNumber()
        + " steps=" + steps
        + " backend=" + Nd4j.getBackend().getClass().getSimpleName()
        + " blas=" + Nd4j.factory().blas().getBlasVendor()
        + " loader=" + Nd4j.class.getClassLoader().getClass().getName()
        + " forecast=" + join(forecast);
  }

  private static boolean createdMarker(Path marker) throws IOException {
    try {
      Files.createFile(marker);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  private static String join(float[] values) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ",").append(values[i]);
    }
    return text.toString();
  }
}
