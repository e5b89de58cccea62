package io.flowcast.flink.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of the Flink JVMs: what a Flink distribution's {@code lib/} holds, read from the
 * files that the build's {@code maven-dependency-plugin build-classpath} executions wrote (their
 * paths in the system property {@value #PROPERTY}, comma-separated). It holds none of the job's
 * classes or libraries, so the cluster can only load those from a submitted JAR.
 */
final class ClusterClasspath {
  /** System property naming the classpath files. */
  static final String PROPERTY = "flowcast.cluster.classpath.files";

  private ClusterClasspath() {}

  /**
   * Joins the entries of the files named by {@value #PROPERTY}.
   *
   * @throws IllegalStateException if the property is unset (the test did not run under Maven)
   */
  static String fromBuild() {
    String files = System.getProperty(PROPERTY);
    if (files == null || files.isBlank()) {
      throw new IllegalStateException(
          "system property " + PROPERTY + " is not set: run the ITCase through Maven (mvn verify)");
    }
    List<String> entries = new ArrayList<>();
    for (String file : files.split(",")) {
      entries.add(read(Path.of(file.trim())));
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cluster classpath file " + file, e);
    }
  }
}
