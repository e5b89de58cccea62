package io.flowcast.benchmarks;

/**
 * One completed checkpoint as Flink's REST API reports it ({@code /jobs/:id/checkpoints}).
 *
 * @param id the checkpoint's id
 * @param triggeredAt when it was triggered (epoch ms)
 * @param durationMillis from the trigger to the last acknowledgement
 * @param checkpointedBytes what this checkpoint wrote (with incremental RocksDB checkpoints, the new SST files)
 * @param stateBytes the full size of the state it restores (every file it refers to)
 */
record CompletedCheckpoint(long id, long triggeredAt, long durationMillis, long checkpointedBytes, long stateBytes) {

  /** When it completed (epoch ms). */
  long completedAt() {
    return triggeredAt + durationMillis;
  }
}
