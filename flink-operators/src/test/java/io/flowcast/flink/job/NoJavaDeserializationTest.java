package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.ModelParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No class of Flowcast's own (flink-operators and model-core) refers to Java deserialization:
 * every byte read from outside (Kafka records, weights files, announcements, HTTP requests) goes
 * through a decoder with its own bounds (docs/RELIABILITY.md, "Secure defaults"). A class file
 * names every class it uses in its constant pool, so a reference cannot hide from this scan.
 */
class NoJavaDeserializationTest {
  /** Entry points of Java deserialization, as class files name them. */
  private static final List<String> DESERIALIZERS = List.of(
      "java/io/ObjectInputStream",
      "org/apache/commons/lang3/SerializationUtils",
      "org/apache/flink/util/InstantiationUtil");

  @Test
  void noClassOfFlowcastUsesJavaDeserialization() throws Exception {
    for (Class<?> module : List.of(ForecastJob.class, ModelParameters.class)) {
      Path location = Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isDirectory(location)) {
        assertNoDeserializers(location);
      } else { // the module's jar, in a build that packaged it
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
          assertNoDeserializers(jar.getPath("/"));
        }
      }
    }
  }

  private static void assertNoDeserializers(Path classes) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(file -> file.toString().endsWith(".class")).toList();
    }
    assertThat(files).as("class files under %s", classes.toUri()).hasSizeGreaterThan(50);
    for (Path file : files) {
      String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(DESERIALIZERS).as("%s refers to", file.toUri()).noneMatch(constants::contains);
    }
  }
}
