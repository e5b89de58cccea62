package io.flowcast.flink.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code flowcast} in-process ({@link FlowcastCli#newCommandLine()}) and keeps what it printed. */
public final class CapturedRun {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  /** Runs the command line with {@code args}; returns its exit code. */
  public int execute(String... args) {
    CommandLine commandLine = FlowcastCli.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  /** Everything printed on stdout so far. */
  public String out() {
    return out.toString();
  }

  /** Everything printed on stderr so far. */
  public String err() {
    return err.toString();
  }
}
