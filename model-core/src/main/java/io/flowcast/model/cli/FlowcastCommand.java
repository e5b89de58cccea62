package io.flowcast.model.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code flowcast} command line ({@code bin/flowcast}). Usage errors and bad input exit with
 * code 2 and one line on stderr that names the problem.
 */
@Command(
    name = "flowcast",
    mixinStandardHelpOptions = true,
    description = "Streaming RNN / LSTM / GRU forecasting for Apache Flink.",
    subcommands = {ModelCommand.class, TrainCommand.class})
public final class FlowcastCommand {

  /** Exit code for bad input or usage. */
  public static final int EXIT_BAD_INPUT = 2;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new FlowcastCommand());
    commandLine.setParameterExceptionHandler(
        (exception, args) -> {
          exception.getCommandLine().getErr().println("flowcast: " + exception.getMessage());
          return EXIT_BAD_INPUT;
        });
    return commandLine;
  }
}
