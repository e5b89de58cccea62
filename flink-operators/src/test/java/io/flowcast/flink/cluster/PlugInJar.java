package io.flowcast.flink.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Writes a JAR holding one service provider of this test classpath (its class and every class
 * nested in it), its {@code META-INF/services} entry and extra resources: a plug-in for a job
 * submitted with {@link StandaloneFlinkCluster#submit(Path, java.util.List, java.util.List)}, whose
 * user code class loader then finds the provider through {@link java.util.ServiceLoader}.
 */
public final class PlugInJar {
  private PlugInJar() {}

  /**
   * Writes {@code jar}.
   *
   * @param service the interface the provider implements (it must come from the job JAR)
   * @param provider the implementation, a class of this test classpath
   * @param resources more entries, by their path inside the JAR
   * @return {@code jar}
   */
  public static Path write(Path jar, Class<?> service, Class<?> provider, Map<String, byte[]> resources)
      throws IOException {
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      for (Class<?> type : provider.getNestMembers()) {
        String name = type.getName().replace('.', '/') + ".class";
        entry(out, name, classBytes(type, name));
      }
      entry(out, "META-INF/services/" + service.getName(),
          (provider.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, byte[]> resource : resources.entrySet()) {
        entry(out, resource.getKey(), resource.getValue());
      }
    }
    return jar;
  }

  private static byte[] classBytes(Class<?> type, String name) {
    try (InputStream in = type.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no class file " + name + " on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void entry(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }
}
