package io.flowcast.flink.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real standalone Flink session cluster for integration tests: a JobManager and one TaskManager
 * (one slot) as separate JVMs on Maven's Flink jars ({@link ClusterClasspath}), jobs submitted the
 * way users do, with {@code flink run -d} ({@code CliFrontend}) in a third JVM. A test may kill the
 * TaskManager ({@link #killTaskManager}) and start another in its place ({@link #startTaskManager}).
 *
 * <p>Everything lives under the work directory: {@code conf/config.yaml}, {@code jobmanager.log},
 * {@code taskmanager.log} (a TaskManager started later: {@code taskmanager-N.log}), one
 * {@code client-N.log} per {@code flink run}, temp and blob files, and the TaskManagers' JavaCPP
 * cache. Failure messages quote the end of the relevant log.
 * Closing stops both JVMs and deletes the JavaCPP cache: JavaCPP extracts the natives of every job
 * JAR it loads from (about 400 MB for a -Pnd4j JAR, ND4J + OpenBLAS) into a directory named after the JAR's blob
 * file, which is new for every submission.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
  private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
  private static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

  private final Path workDir;
  private final Path confDir;
  private final String classpath;
  private final ClusterConfig config;
  private final FlinkRest rest;
  private JavaProcess jobManager;
  private JavaProcess taskManager;
  private int taskManagersStarted;
  private int clientRuns;

  private StandaloneFlinkCluster(Path workDir, String classpath, ClusterConfig config) {
    this.workDir = workDir;
    this.confDir = workDir.resolve("conf");
    this.classpath = classpath;
    this.config = config;
    this.rest = new FlinkRest("http://localhost:" + config.restPort());
  }

  /**
   * Starts a JobManager and a TaskManager on free ports and waits until the TaskManager has
   * registered its free slot.
   *
   * @param workDir a new or empty directory for configuration, logs and temp files
   * @throws IllegalStateException quoting the logs if the cluster is not ready within 90 s
   */
  public static StandaloneFlinkCluster start(Path workDir) throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    ClusterConfig config = ClusterConfig.onFreePorts();
    StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(workDir, ClusterClasspath.fromBuild(), config);
    config.write(cluster.confDir, workDir);
    try {
      cluster.jobManager = cluster.launch("JobManager",
          List.of("-Xmx512m"),
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
          workDir.resolve("jobmanager.log"));
      cluster.startTaskManager();
      cluster.awaitFreeSlot();
    } catch (IOException | InterruptedException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Base URL of the JobManager's REST API, e.g. {@code http://localhost:41234}. */
  public String restUrl() {
    return rest.baseUrl();
  }

  /** The directory holding the configuration and the logs. */
  public Path workDir() {
    return workDir;
  }

  /**
   * Submits a job detached, as {@code flink run -d -c <mainClass> <jar> <args>} with this
   * cluster's configuration directory as {@code FLINK_CONF_DIR}.
   *
   * @return the job id
   * @throws IllegalStateException quoting the client's output if it fails or prints no job id
   */
  public String submit(Path jar, String mainClass, String... args) throws IOException, InterruptedException {
    List<String> cli = new ArrayList<>(List.of("-c", mainClass, jar.toString()));
    cli.addAll(List.of(args));
    return jobId(startClient(cli));
  }

  /**
   * Submits a job detached the way users deploy the job JAR, as {@code flink run -d <jar> <args>}:
   * the entry point is the JAR manifest's {@code Main-Class}.
   *
   * @return the job id
   * @throws IllegalStateException quoting the client's output if it fails or prints no job id
   */
  public String submit(Path jar, List<String> args) throws IOException, InterruptedException {
    return submit(jar, List.of(), args);
  }

  /**
   * Submits a job as {@link #submit(Path, List)} does, with {@code userClasspath} added to its user
   * code class loader in the client and on the TaskManagers ({@code flink run -d -C file://... <jar>
   * <args>}): for plug-ins that are not in the job JAR.
   *
   * @param userClasspath JARs on this machine's file system (so on every node of this cluster)
   */
  public String submit(Path jar, List<Path> userClasspath, List<String> args)
      throws IOException, InterruptedException {
    List<String> cli = new ArrayList<>();
    for (Path entry : userClasspath) {
      cli.addAll(List.of("-C", entry.toAbsolutePath().toUri().toString()));
    }
    cli.addAll(jarAndArgs(jar, args));
    return jobId(startClient(cli));
  }

  /**
   * Runs {@code flink run -d <jar> <args>} and returns how the client ended, whether it submitted
   * a job or not: for checking how a submission fails.
   */
  public FlinkRunOutcome run(Path jar, List<String> args) throws IOException, InterruptedException {
    JavaProcess client = startClient(jarAndArgs(jar, args));
    return new FlinkRunOutcome(client.waitFor(SUBMIT_TIMEOUT), client.output());
  }

  /**
   * Cancels a job ({@code PATCH /jobs/<jobId>?mode=cancel}) and waits until it is
   * {@code CANCELED}.
   *
   * @throws IllegalStateException as {@link #waitForStatus} does
   */
  public void cancel(String jobId, Duration timeout) throws IOException, InterruptedException {
    rest.patch("/jobs/" + jobId + "?mode=cancel");
    waitForStatus(jobId, "CANCELED", timeout);
  }

  /**
   * Polls {@code GET /jobs/<jobId>} until the job reaches {@code status} (a Flink job status such
   * as {@code RUNNING} or {@code FINISHED}) and returns that answer.
   *
   * @throws IllegalStateException with the job's exception history and the TaskManager log's end
   *     if the job ends in another status or the timeout passes
   */
  public JsonNode waitForStatus(String jobId, String status, Duration timeout)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String state = "(unknown)";
    while (Instant.now().isBefore(deadline)) {
      JsonNode job = rest.get("/jobs/" + jobId);
      state = job.path("state").asText();
      if (state.equals(status)) {
        return job;
      }
      if (TERMINAL.contains(state)) {
        break;
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
    throw new IllegalStateException("job " + jobId + " is " + state + ", expected " + status
        + "\nexception history: " + rest.get("/jobs/" + jobId + "/exceptions").path("exceptionHistory")
        + "\n" + taskManager.describe());
  }

  /**
   * Kills the TaskManager JVM outright (SIGKILL), as {@code kill -9} or the OOM killer does: no
   * task is cancelled, no transaction aborted, no state written; the JobManager learns of it from
   * the heartbeats that fail.
   */
  public void killTaskManager() throws InterruptedException {
    taskManager.kill();
  }

  /**
   * Starts a TaskManager, the first one or one in place of a killed one, without waiting for it to
   * register: its slot may be taken at once by a job waiting to restart.
   */
  public void startTaskManager() throws IOException {
    taskManagersStarted++;
    List<String> options = new ArrayList<>(config.taskManagerJvmOptions());
    options.add("-Dorg.bytedeco.javacpp.cachedir=" + javacppCache());
    String suffix = taskManagersStarted == 1 ? "" : "-" + taskManagersStarted;
    taskManager = launch("TaskManager" + suffix, options, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        workDir.resolve("taskmanager" + suffix + ".log"));
  }

  /** The parsed answer of {@code GET <restUrl()><path>}, e.g. {@code /jobs/overview}. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    return rest.get(path);
  }

  /** Stops the TaskManager and the JobManager, then deletes the TaskManagers' JavaCPP cache. */
  @Override
  public void close() throws IOException, InterruptedException {
    if (taskManager != null) {
      taskManager.close();
    }
    if (jobManager != null) {
      jobManager.close();
    }
    deleteRecursively(javacppCache());
  }

  private Path javacppCache() {
    return workDir.resolve("javacpp-cache");
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static List<String> jarAndArgs(Path jar, List<String> args) {
    List<String> cli = new ArrayList<>(List.of(jar.toString()));
    cli.addAll(args);
    return cli;
  }

  /** Starts {@code flink run -d <cli>} in a client JVM with this cluster's configuration. */
  private JavaProcess startClient(List<String> cli) throws IOException {
    List<String> command = new ArrayList<>(List.of("run", "-d"));
    command.addAll(cli);
    clientRuns++;
    return JavaProcess.start("flink run #" + clientRuns, classpath, List.of("-Xmx512m"),
        "org.apache.flink.client.cli.CliFrontend", command, Map.of("FLINK_CONF_DIR", confDir.toString()),
        workDir.resolve("client-" + clientRuns + ".log"));
  }

  /**
   * Waits for a submitting client and returns the job id it printed.
   *
   * @throws IllegalStateException quoting the client's output if it fails or prints no job id
   */
  private static String jobId(JavaProcess client) throws IOException, InterruptedException {
    int exitCode = client.waitFor(SUBMIT_TIMEOUT);
    Matcher jobId = SUBMITTED.matcher(client.output());
    if (exitCode != 0 || !jobId.find()) {
      throw new IllegalStateException(
          "flink run exited with " + exitCode + " and no job id\n" + client.describe());
    }
    return jobId.group(1);
  }

  private JavaProcess launch(String name, List<String> jvmOptions, String mainClass, Path log)
      throws IOException {
    return JavaProcess.start(name, classpath, jvmOptions, mainClass,
        List.of("--configDir", confDir.toString()), Map.of(), log);
  }

  private void awaitFreeSlot() throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      for (JavaProcess daemon : List.of(jobManager, taskManager)) {
        if (!daemon.isAlive()) {
          throw new IllegalStateException(daemon.name() + " exited during startup\n" + daemon.describe());
        }
      }
      if (hasFreeSlot()) {
        return;
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
    throw new IllegalStateException("no free TaskManager slot within " + STARTUP_TIMEOUT
        + "\n" + jobManager.describe() + "\n" + taskManager.describe());
  }

  private boolean hasFreeSlot() throws InterruptedException {
    try {
      JsonNode overview = rest.get("/overview");
      return overview.path("taskmanagers").asInt() == 1 && overview.path("slots-available").asInt() >= 1;
    } catch (IOException notYetListening) {
      return false;
    }
  }
}
