package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowcast.flink.cluster.StandaloneFlinkCluster;
import io.flowcast.model.step.MatmulBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs the shaded job JAR (built by {@code package}, path in {@code flowcast.job.jar}) on a real
 * standalone cluster whose JVMs see only Flink's own jars: whatever the job needs beyond Flink must
 * come from the JAR. The tests share one cluster and run in order, so the later ones also check that
 * the same TaskManager runs job after job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobJarITCase {
  private static final Duration JOB_TIMEOUT = Duration.ofSeconds(60);
  private static final String CHECK_JOB = ClusterCheckJob.class.getName();
  private static final int STEPS = 64;

  private static StandaloneFlinkCluster cluster;
  private static Path jobJar;
  private static Path workDir;

  @BeforeAll
  static void startCluster() throws Exception {
    String jar = System.getProperty("flowcast.job.jar");
    assertThat(jar).as("system property flowcast.job.jar (set by failsafe: run mvn verify)").isNotNull();
    jobJar = Path.of(jar);
    assertThat(jobJar).as("the shaded job JAR (mvn package builds it)").isRegularFile();
    Path base = Files.createDirectories(
        Path.of(System.getProperty("flowcast.cluster.work.dir", "target/flink-cluster")));
    workDir = Files.createTempDirectory(base, "JobJarITCase-");
    cluster = StandaloneFlinkCluster.start(workDir);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void runsTheModelWithNd4jFromTheJarOnTheTaskManager() throws Exception {
    Path output = workDir.resolve("first.txt");

    String jobId = cluster.submit(jobJar, CHECK_JOB, "--output", output.toString(), "--steps", "" + STEPS);
    cluster.waitForStatus(jobId, "FINISHED", JOB_TIMEOUT);

    Map<String, String> result = readResult(output);
    assertThat(result).containsEntry("attempt", "0")
        .containsEntry("backend", "CpuBackend")
        .containsEntry("blas", "OPENBLAS")
        .containsEntry("loader", "org.apache.flink.util.ChildFirstClassLoader");
    assertForecastMatchesJava(result);
  }

  @Test
  @Order(2)
  void restartsAfterAnInjectedFailure() throws Exception {
    Path output = workDir.resolve("restarted.txt");
    Path marker = workDir.resolve("fail-once.marker");

    String jobId = cluster.submit(jobJar, CHECK_JOB,
        "--output", output.toString(), "--steps", "" + STEPS, "--fail-once-marker", marker.toString());
    cluster.waitForStatus(jobId, "FINISHED", JOB_TIMEOUT);

    assertThat(marker).exists();
    Map<String, String> result = readResult(output);
    assertThat(result).containsEntry("attempt", "1");
    assertForecastMatchesJava(result);
    JsonNode failures = cluster.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries");
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).path("stacktrace").asText()).contains("injected failure");
  }

  @Test
  @Order(3)
  void theSameTaskManagerRunsAnotherJob() throws Exception {
    Path output = workDir.resolve("again.txt");

    String jobId = cluster.submit(jobJar, CHECK_JOB, "--output", output.toString(), "--steps", "" + STEPS);
    cluster.waitForStatus(jobId, "FINISHED", JOB_TIMEOUT);

    assertForecastMatchesJava(readResult(output));
    assertThat(cluster.get("/taskmanagers").path("taskmanagers")).hasSize(1);
    assertThat(cluster.get("/jobs/overview").path("jobs"))
        .filteredOn(job -> job.path("state").asText().equals("FINISHED"))
        .hasSizeGreaterThanOrEqualTo(2);
  }

  /** The job's one output line as key=value pairs. */
  private static Map<String, String> readResult(Path output) throws IOException {
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).as("lines of " + output).hasSize(1);
    Map<String, String> result = new HashMap<>();
    for (String pair : lines.get(0).split(" ")) {
      String[] keyValue = pair.split("=", 2);
      result.put(keyValue[0], keyValue[1]);
    }
    return result;
  }

  /** ND4J on the TaskManager and plain Java here step the same LSTM to the same forecasts. */
  private static void assertForecastMatchesJava(Map<String, String> result) {
    assertThat(result).containsEntry("steps", "" + STEPS);
    String[] reported = result.get("forecast").split(",");
    float[] expected = CheckModel.forecast(STEPS, MatmulBackend.JAVA);
    assertThat(reported).hasSize(expected.length);
    for (int key = 0; key < expected.length; key++) {
      assertThat(Float.parseFloat(reported[key])).as("forecast of key " + key).isCloseTo(expected[key], within(1e-5f));
    }
  }
}
