package io.flowcast.flink.job;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file that lets an injected failure happen once across restarts: the first attempt to create it
 * claims it, later attempts (a restarted task, on any TaskManager that sees the same file system)
 * find it there. Used by {@link ClusterCheckJob}'s {@code --fail-once-marker} and by tests that
 * fail a task of the forecast job once.
 */
public final class FailOnceMarker {
  private FailOnceMarker() {}

  /**
   * Creates {@code marker} atomically.
   *
   * @return true if this call created it, false if it existed already
   * @throws IOException if it cannot be created for another reason (no such directory, no access)
   */
  public static boolean claim(Path marker) throws IOException {
    try {
      Files.createFile(marker);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }
}
