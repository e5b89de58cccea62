package io.flowcast.flink.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * Where {@code flowcast job} keeps its durable state between runs: Flink's checkpoints under
 * {@code checkpoints/} (retained when the job ends, so a killed process resumes from its last
 * completed one) and the savepoints taken when it is stopped under {@code savepoints/}. A new run
 * resumes from the newest completed checkpoint or savepoint found there (by the time its
 * {@code _metadata} was written), unless it is given one explicitly.
 */
public final class JobStateDirectory {
  private static final String METADATA = "_metadata";

  private final Path root;

  public JobStateDirectory(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** Where stop-with-savepoint writes. */
  public Path savepoints() {
    return root.resolve("savepoints");
  }

  /** The newest completed checkpoint or savepoint directory, if there is one. */
  public Optional<Path> latestRestorePoint() {
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> files = Files.walk(root, 4)) {
      return files
          .filter(path -> path.getFileName().toString().equals(METADATA) && Files.isRegularFile(path))
          .max(Comparator.comparing(JobStateDirectory::modified))
          .map(Path::getParent);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the job state directory " + root, e);
    }
  }

  private static FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /**
   * The Flink settings that make a run durable here: checkpoints retained under {@code checkpoints/},
   * savepoints under {@code savepoints/}, and the run restored from {@code restoreFrom} if given
   * (leaving out state of operators the job no longer has if {@code allowNonRestoredState}).
   */
  public Configuration flinkConfiguration(Optional<Path> restoreFrom, boolean allowNonRestoredState) {
    Configuration flink = new Configuration();
    flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, root.resolve("checkpoints").toUri().toString());
    flink.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints().toUri().toString());
    flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    restoreFrom.ifPresent(path -> flink.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toUri().toString()));
    flink.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestoredState);
    return flink;
  }
}
