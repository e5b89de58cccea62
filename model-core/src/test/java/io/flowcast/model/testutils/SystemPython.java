package io.flowcast.model.testutils;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs scripts with Debian's {@code /usr/bin/python3} and its PyTorch ({@code apt-get install
 * python3-torch}), for the tests that hold Flowcast to real PyTorch. Where either is missing,
 * {@link #assumeTorch()} makes the calling test skipped, with the reason, never passed.
 */
public final class SystemPython {
  /** The interpreter Debian's python3-torch installs into. */
  public static final Path PYTHON = Path.of("/usr/bin/python3");

  private static Boolean torchAvailable;

  private SystemPython() {}

  /**
   * Skips the calling test unless {@code /usr/bin/python3 -c 'import torch'} succeeds. Call it in
   * each test (or a {@code @BeforeEach}), so that each is reported as skipped with the reason.
   */
  public static void assumeTorch() {
    assumeTrue(torchAvailable(),
        "PyTorch is not importable by /usr/bin/python3 (apt-get install python3-torch)");
  }

  private static synchronized boolean torchAvailable() {
    if (torchAvailable == null) {
      try {
        torchAvailable = Files.isExecutable(PYTHON) && run(List.of("-c", "import torch"), 120).exitCode() == 0;
      } catch (IOException e) {
        torchAvailable = false;
      }
    }
    return torchAvailable;
  }

  /**
   * Runs {@code /usr/bin/python3 ARGS} with no standard input and returns its exit code and output.
   *
   * @throws IOException if it cannot start or does not end within {@code timeoutSeconds}
   */
  public static Result run(List<String> arguments, int timeoutSeconds) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(PYTHON.toString());
    command.addAll(arguments);
    Path out = Files.createTempFile("python", ".out");
    Path err = Files.createTempFile("python", ".err");
    try {
      Process process = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(command + " did not end within " + timeoutSeconds + " s");
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command, e);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Exit code, standard output and standard error of a run. */
  public record Result(int exitCode, String out, String err) {}
}
