package io.flowcast.flink.finetune;

import java.io.Serializable;

/**
 * A checkpoint that {@link CheckpointStore#publish} has put in place: ready to be announced.
 *
 * @param uri the file's final, fully qualified Flink FileSystem URI
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 * @param cell the model's {@link io.flowcast.model.CellType#id()}
 * @param info what the file's metadata records of it
 */
public record PublishedCheckpoint(String uri, String sha256, String cell, CheckpointInfo info)
    implements Serializable {

  /** The checkpoint's version ({@link CheckpointInfo#version()}). */
  public long version() {
    return info.version();
  }
}
