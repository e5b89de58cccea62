package io.flowcast.flink.job;

import io.flowcast.flink.cluster.PlugInJar;
import io.flowcast.model.step.LayerContext;
import io.flowcast.model.step.LayerStep;
import io.flowcast.model.step.StepEngine;
import io.flowcast.model.step.StepEngines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A step engine plug-in that fails the forecasting task once, in the middle of a stream: the Java
 * engine, except that the step that would take a layer past {@code after-key-steps} key-steps
 * (windows stepped, summed over the batches since the task started) throws instead, if it is the
 * first to claim the marker file ({@link FailOnceMarker}); the restarted task finds the marker and
 * steps on. Its forecasts are the Java engine's, bit for bit.
 *
 * <p>It is not in the job JAR, and nothing of the production code knows it: {@link #writePlugIn}
 * writes a JAR of it and its settings, which a test adds to the job's class path ({@code flink run
 * -C}); {@code --model.engine} {@value #NAME} selects it through the engines' {@link
 * java.util.ServiceLoader} entry, as it would any engine module.
 */
public final class FailOnceStepEngine implements StepEngine {
  /** The engine's name, for {@code model.engine}. */
  public static final String NAME = "java-failing-once";

  private static final String SETTINGS = "FailOnceStepEngine.properties";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public LayerStep layer(LayerContext context) {
    Properties settings = new Properties();
    try (InputStream in = FailOnceStepEngine.class.getResourceAsStream(SETTINGS)) {
      if (in == null) {
        throw new IllegalStateException("no " + SETTINGS + " beside " + FailOnceStepEngine.class + " (see writePlugIn)");
      }
      settings.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FailingOnce(StepEngines.java().layer(context), Path.of(settings.getProperty("marker")),
        Long.parseLong(settings.getProperty("after-key-steps")));
  }

  /**
   * Writes the plug-in JAR: this engine, its service entry and its settings.
   *
   * @param jar the JAR to write
   * @param marker the marker file, on a file system every TaskManager sees; it must not exist yet
   * @param afterKeySteps the key-steps a task makes before the failure
   * @return {@code jar}
   */
  public static Path writePlugIn(Path jar, Path marker, long afterKeySteps) throws IOException {
    Properties settings = new Properties();
    settings.setProperty("marker", marker.toAbsolutePath().toString());
    settings.setProperty("after-key-steps", Long.toString(afterKeySteps));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    settings.store(bytes, "FailOnceStepEngine");
    String path = FailOnceStepEngine.class.getPackageName().replace('.', '/') + "/" + SETTINGS;
    return PlugInJar.write(jar, StepEngine.class, FailOnceStepEngine.class, Map.of(path, bytes.toByteArray()));
  }

  /** The Java engine's layer step, counting key-steps and failing once past the limit. */
  private static final class FailingOnce implements LayerStep {
    private final LayerStep java;
    private final Path marker;
    private final long afterKeySteps;
    private long keySteps;

    FailingOnce(LayerStep java, Path marker, long afterKeySteps) {
      this.java = java;
      this.marker = marker;
      this.afterKeySteps = afterKeySteps;
    }

    @Override
    public void step(int batch, float[] xh, float[] states) {
      keySteps += batch;
      if (keySteps > afterKeySteps && claimMarker()) {
        throw new IllegalStateException("injected failure after " + afterKeySteps + " key-steps: created " + marker);
      }
      java.step(batch, xh, states);
    }

    private boolean claimMarker() {
      try {
        return FailOnceMarker.claim(marker);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      java.close();
    }
  }
}
