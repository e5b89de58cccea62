package io.flowcast.flink.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code config.yaml} shared by the JobManager, the TaskManager and the {@code flink run}
 * client: free local ports, one TaskManager slot, and the explicit memory sizes a TaskManager
 * started without Flink's scripts needs (the scripts derive them and the matching JVM options; here
 * {@link #taskManagerJvmOptions()} does).
 *
 * @param restPort the JobManager's REST port
 * @param rpcPort the JobManager's RPC port
 * @param taskManagerRpcPort the TaskManager's RPC port
 * @param taskManagerDataPort the TaskManager's shuffle port
 */
record ClusterConfig(int restPort, int rpcPort, int taskManagerRpcPort, int taskManagerDataPort) {
  private static final int FRAMEWORK_HEAP_MB = 128;
  private static final int TASK_HEAP_MB = 384;
  private static final int MANAGED_MB = 64;
  private static final int NETWORK_MB = 64;
  private static final int FRAMEWORK_OFF_HEAP_MB = 128;
  private static final int METASPACE_MB = 256;
  private static final int OVERHEAD_MB = 192;

  /** A configuration on four currently free ports. */
  static ClusterConfig onFreePorts() throws IOException {
    try (ServerSocket a = new ServerSocket(0);
        ServerSocket b = new ServerSocket(0);
        ServerSocket c = new ServerSocket(0);
        ServerSocket d = new ServerSocket(0)) {
      return new ClusterConfig(a.getLocalPort(), b.getLocalPort(), c.getLocalPort(), d.getLocalPort());
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
        "taskmanager.rpc.port: " + taskManagerRpcPort,
        "taskmanager.data.port: " + taskManagerDataPort,
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
