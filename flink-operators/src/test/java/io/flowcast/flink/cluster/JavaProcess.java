package io.flowcast.flink.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running one main class, its stdout and stderr going to one log file. Closing it
 * stops the JVM (and anything it started).
 */
public final class JavaProcess implements AutoCloseable {
  /** The module openings Flink's distribution passes to every JVM on Java 17. */
  static final List<String> FLINK_JAVA_17_OPTIONS = List.of(
      "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
      "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
      "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  /**
   * What README asks a cluster to add ({@code env.java.opts.all}): the Vector API module, so that
   * the model step runs on Flowcast's fastest engine.
   */
  static final List<String> FLOWCAST_OPTIONS = List.of("--add-modules=jdk.incubator.vector");

  /** Timestamps on every line of the Flink JVMs' slf4j-simple logs, for reading timings off them. */
  static final List<String> LOG_OPTIONS = List.of(
      "-Dorg.slf4j.simpleLogger.showDateTime=true",
      "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final Process process;
  private final Path log;

  private JavaProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code java <jvmOptions> -cp <classpath> <mainClass> <args>} with the Flink Java 17
   * options, timestamped log lines, the extra environment variables, and output to {@code log}.
   */
  public static JavaProcess start(String name, String classpath, List<String> jvmOptions, String mainClass,
      List<String> args, Map<String, String> environment, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(FLINK_JAVA_17_OPTIONS);
    command.addAll(FLOWCAST_OPTIONS);
    command.addAll(LOG_OPTIONS);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    return new JavaProcess(name, builder.start(), log);
  }

  String name() {
    return name;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits for the JVM to exit and returns its exit code.
   *
   * @throws IllegalStateException naming the log, after stopping the JVM, if it runs past the
   *     timeout
   */
  public int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      close();
      throw new IllegalStateException(name + " did not exit within " + timeout + "\n" + describe());
    }
    return process.exitValue();
  }

  /** The whole log (client JVMs print little). */
  public String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** The log's path and its last lines, for failure messages. */
  public String describe() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - 40), lines.size());
      return "--- last lines of " + log + " ---\n" + String.join("\n", tail);
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  /** Sends SIGTERM, as {@code kill} or a service manager does. */
  public void terminate() {
    process.destroy();
  }

  /** Kills the JVM outright (SIGKILL), as {@code kill -9} or the OOM killer does. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
    }
  }
}
