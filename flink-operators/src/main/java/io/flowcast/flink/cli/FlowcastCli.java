package io.flowcast.flink.cli;

import io.flowcast.flink.dashboard.DashboardCommand;
import io.flowcast.flink.demo.DemoCommand;
import io.flowcast.flink.demo.EvaluateCommand;
import io.flowcast.flink.demo.SimulatedFleetHistory;
import io.flowcast.flink.finetune.PublishCommand;
import io.flowcast.model.cli.FlowcastCommand;
import io.flowcast.model.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The whole {@code flowcast} command line ({@code bin/flowcast}): {@code model} (model-core's
 * command, with {@code publish} added), {@code train} (model-core's, with the demo's {@code
 * --simulated} fleet added), {@code evaluate}, {@code demo}, {@code dashboard} and {@code job}.
 * Usage errors and bad input exit with {@link FlowcastCommand#EXIT_BAD_INPUT} and one line on
 * stderr that names the problem, as in model-core.
 */
@Command(
    name = "flowcast",
    mixinStandardHelpOptions = true,
    description = "Streaming RNN / LSTM / GRU forecasting for Apache Flink.")
public final class FlowcastCli {

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  public static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new FlowcastCli())
        .addSubcommand(modelCommand())
        .addSubcommand(trainCommand())
        .addSubcommand(new EvaluateCommand())
        .addSubcommand(new DemoCommand())
        .addSubcommand(new DashboardCommand())
        .addSubcommand(new JobCommand());
    commandLine.setParameterExceptionHandler(
        (exception, args) -> {
          exception.getCommandLine().getErr().println("flowcast: " + exception.getMessage());
          return FlowcastCommand.EXIT_BAD_INPUT;
        });
    return commandLine;
  }

  /** model-core's {@code train} on CSV history, or with {@code --simulated} on the demo's fleet. */
  private static CommandLine trainCommand() {
    SimulatedFleetHistory simulated = new SimulatedFleetHistory();
    return new CommandLine(new TrainCommand(simulated)).addMixin("simulated", simulated);
  }

  /**
   * model-core's {@code model} command, which is not public: taken from its own command line, with
   * {@code publish} added (it needs Kafka and Flink's file systems, which model-core does not have).
   */
  private static CommandLine modelCommand() {
    CommandLine model = FlowcastCommand.newCommandLine().getSubcommands().get("model");
    model.getCommandSpec().usageMessage().description("Run a model outside Flink, or publish it to running jobs.");
    return model.addSubcommand(new PublishCommand());
  }
}
