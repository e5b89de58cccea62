package io.flowcast.model.step;

/**
 * Whether this JVM runs with {@code --add-modules jdk.incubator.vector}: the one place the step
 * engine and the float32 trainer decide between their Vector API kernels and their plain-Java
 * fallbacks, so both always make the same choice. Classes of {@code jdk.incubator.vector} are
 * loaded only behind this check.
 */
public final class VectorApi {
  /** True when {@code jdk.incubator.vector} is in the boot layer. */
  public static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private VectorApi() {}
}
