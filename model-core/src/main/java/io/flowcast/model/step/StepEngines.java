package io.flowcast.model.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The step engines by name: {@link #JAVA} and {@link #AUTO} are built in; the others are plug-ins
 * found with {@link ServiceLoader} on the class loader that loaded model-core (in a Flink job, the
 * job JAR's), so an engine module must travel in the same JAR as model-core.
 */
public final class StepEngines {
  /** The default engine, built in: vectorised Java, bit-identical whatever the batch. */
  public static final String JAVA = "java";
  /** Java, or ND4J for large batches on the plain-Java fallback when it is on the classpath (see {@code AutoStepEngine}). */
  public static final String AUTO = "auto";
  /** The optional ND4J (OpenBLAS) engine, module {@code flowcast-engine-nd4j}. */
  public static final String ND4J = "nd4j";
  /** The optional CUDA engine, module {@code flowcast-engine-cuda}. */
  public static final String CUDA = "cuda";

  /** Where each optional engine comes from, for the message when it is missing. */
  private static final Map<String, String> MODULES = Map.of(
      ND4J, "flowcast-engine-nd4j (a job JAR built with -Pnd4j bundles it)",
      CUDA, "flowcast-engine-cuda (a job JAR built with -Pcuda bundles it)");

  private static final StepEngine JAVA_ENGINE = new JavaStepEngine();

  private StepEngines() {}

  /** The built-in Java engine. */
  public static StepEngine java() {
    return JAVA_ENGINE;
  }

  /**
   * The engine called {@code name} (any case).
   *
   * @throws IllegalArgumentException if no engine of that name is on the classpath, naming the
   *     engines that are and the module the missing one comes in
   */
  public static StepEngine named(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    if (wanted.equals(JAVA)) {
      return JAVA_ENGINE;
    }
    if (wanted.equals(AUTO)) {
      return new AutoStepEngine(JAVA_ENGINE, plugIn(ND4J));
    }
    return plugIn(wanted).orElseThrow(() -> new IllegalArgumentException(
        "no step engine '" + wanted + "' on the classpath (available: " + String.join(", ", available()) + ")"
            + (MODULES.containsKey(wanted) ? "; it comes in " + MODULES.get(wanted) : "")));
  }

  /** The names of the engines on the classpath, built-in ones first. */
  public static List<String> available() {
    List<String> names = new ArrayList<>(List.of(JAVA, AUTO));
    for (StepEngine engine : loader()) {
      names.add(engine.name());
    }
    return names;
  }

  private static Optional<StepEngine> plugIn(String name) {
    for (StepEngine engine : loader()) {
      if (engine.name().equals(name)) {
        return Optional.of(engine);
      }
    }
    return Optional.empty();
  }

  private static ServiceLoader<StepEngine> loader() {
    return ServiceLoader.load(StepEngine.class, StepEngines.class.getClassLoader());
  }
}
