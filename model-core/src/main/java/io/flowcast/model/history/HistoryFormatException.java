package io.flowcast.model.history;

import java.nio.file.Path;

/**
 * A history file that cannot be used as it is, with the file and, where there is one, the line
 * (1-based; 0 = the file as a whole): the message reads {@code file:line: problem}.
 */
public final class HistoryFormatException extends Exception {
  private final Path file;
  private final long line;
  private final String problem;

  public HistoryFormatException(Path file, long line, String problem) {
    super(line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem);
    this.file = file;
    this.line = line;
    this.problem = problem;
  }

  public Path file() {
    return file;
  }

  /** 1-based line, or 0 for a problem of the whole file. */
  public long line() {
    return line;
  }

  public String problem() {
    return problem;
  }
}
