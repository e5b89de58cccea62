package io.flowcast.flink.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code config.yaml} shared by the JobManager, the TaskManagers and the {@code flink run}
 * client: free local ports for the JobManager, any free port for each TaskManager (so that a
 * TaskManager started after one was killed never meets a port its predecessor held), one
 * TaskManager slot, heartbeats that notice a dead TaskManager within seconds, and the explicit
 * memory sizes a TaskManager started without Flink's scripts needs (the scripts derive them and the
 * matching JVM options; here {@link #taskManagerJvmOptions()} does).
 *
 * @param restPort the JobManager's REST port
 * @param rpcPort the JobManager's RPC port
 */
record ClusterConfig(int restPort, int rpcPort) {
  private static final int FRAMEWORK_HEAP_MB = 128;
  private static final int TASK_HEAP_MB = 384;
  private static final int MANAGED_MB = 64;
  private static final int NETWORK_MB = 64;
  private static final int FRAMEWORK_OFF_HEAP_MB = 128;
  private static final int METASPACE_MB = 256;
  private static final int OVERHEAD_MB = 192;

  /**
   * Heartbeats between the JobManager, the ResourceManager and the TaskManagers (Flink's default:
   * every 10 s): two failed in a row ({@code heartbeat.rpc-failure-threshold}) mark a TaskManager
   * that is gone as lost, so a killed one is noticed within about two intervals.
   */
  private static final int HEARTBEAT_INTERVAL_MS = 1_000;
  /** How long a TaskManager that answers nothing (but is not refused) counts as alive. */
  private static final int HEARTBEAT_TIMEOUT_MS = 20_000;

  /** A configuration on two currently free ports. */
  static ClusterConfig onFreePorts() throws IOException {
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      return new ClusterConfig(a.getLocalPort(), b.getLocalPort());
    }
  }

  /** Writes {@code config.yaml} into {@code confDir}, with temp and blob files under {@code workDir}. */
  void write(Path confDir, Path workDir) throws IOException {
    Files.createDirectories(confDir);
    List<String> lines = List.of(
        "jobmanager.rpc.address: localhost",
        "jobmanager.rpc.port: " + rpcPort,
        "jobmanager.bind-host: localhost",
        "rest.address: localhost",
        "rest.bind-address: localhost",
        "rest.port: " + restPort,
        "taskmanager.host: localhost",
        "taskmanager.bind-host: localhost",
        "taskmanager.rpc.port: 0",
        "taskmanager.data.port: 0",
        "heartbeat.interval: " + HEARTBEAT_INTERVAL_MS,
        "heartbeat.timeout: " + HEARTBEAT_TIMEOUT_MS,
        "taskmanager.numberOfTaskSlots: 1",
        "taskmanager.cpu.cores: 1",
        "taskmanager.memory.framework.heap.size: " + FRAMEWORK_HEAP_MB + "m",
        "taskmanager.memory.task.heap.size: " + TASK_HEAP_MB + "m",
        "taskmanager.memory.managed.size: " + MANAGED_MB + "m",
        "taskmanager.memory.network.min: " + NETWORK_MB + "m",
        "taskmanager.memory.network.max: " + NETWORK_MB + "m",
        "taskmanager.memory.framework.off-heap.size: " + FRAMEWORK_OFF_HEAP_MB + "m",
        "taskmanager.memory.task.off-heap.size: 0m",
        "taskmanager.memory.jvm-metaspace.size: " + METASPACE_MB + "m",
        "taskmanager.memory.jvm-overhead.min: " + OVERHEAD_MB + "m",
        "taskmanager.memory.jvm-overhead.max: " + OVERHEAD_MB + "m",
        "parallelism.default: 1",
        "io.tmp.dirs: " + workDir.resolve("tmp"),
        "blob.storage.directory: " + workDir.resolve("blobs"));
    Files.write(confDir.resolve("config.yaml"), lines);
  }

  /** Heap, direct memory and metaspace limits matching the memory sizes in the file. */
  List<String> taskManagerJvmOptions() {
    int heap = FRAMEWORK_HEAP_MB + TASK_HEAP_MB;
    return List.of(
        "-Xms" + heap + "m",
        "-Xmx" + heap + "m",
        "-XX:MaxDirectMemorySize=" + (FRAMEWORK_OFF_HEAP_MB + NETWORK_MB) + "m",
        "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m");
  }
}
