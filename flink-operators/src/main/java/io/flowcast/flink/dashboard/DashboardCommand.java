package io.flowcast.flink.dashboard;

import io.flowcast.flink.kafka.KafkaSecurity;
import io.flowcast.model.cli.FlowcastCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code flowcast dashboard}: serves the live dashboard ({@link DashboardServer}) for a running
 * job's topics until Ctrl-C, and prints its address. Binds to the loopback address unless
 * {@code --bind} says otherwise. Kafka's security settings come as {@link KafkaSecurity} options
 * ({@code --kafka.properties.sasl.mechanism PLAIN}). Exits 2 for bad options, 1 if Kafka fails.
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = "Serve the live forecasting dashboard for the job's Kafka topics (forecasts, anomalies, "
        + "dead letters; read_committed).")
public final class DashboardCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--kafka.bootstrap-servers", defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  private String bootstrapServers;

  @Option(names = "--port", defaultValue = "8088", description = "HTTP port (default: ${DEFAULT-VALUE}; 0: any).")
  private int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  private String bind;

  @Option(names = "--history", defaultValue = "" + DashboardServer.DEFAULT_HISTORY,
      description = "Windows kept per sensor (default: ${DEFAULT-VALUE}).")
  private int history;

  @Option(names = "--kafka.topic.forecasts", defaultValue = "forecasts", description = "(default: ${DEFAULT-VALUE})")
  private String forecastsTopic;

  @Option(names = "--kafka.topic.anomalies", defaultValue = "anomalies", description = "(default: ${DEFAULT-VALUE})")
  private String anomaliesTopic;

  @Option(names = "--kafka.topic.dead-letters", defaultValue = "dead-letters",
      description = "(default: ${DEFAULT-VALUE})")
  private String deadLettersTopic;

  @Option(names = "--kafka.topic.readings", defaultValue = "readings",
      description = "Only its end offsets are read, for readings/s (default: ${DEFAULT-VALUE}).")
  private String readingsTopic;

  @Unmatched private List<String> kafkaOptions = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    KafkaSecurity security;
    try {
      security = KafkaSecurity.fromArguments(kafkaOptions);
    } catch (IllegalArgumentException e) {
      err.println("flowcast: " + e.getMessage());
      return FlowcastCommand.EXIT_BAD_INPUT;
    }
    if (port < 0 || port > 65535) {
      err.println("flowcast: --port must be in [0, 65535], got " + port);
      return FlowcastCommand.EXIT_BAD_INPUT;
    }
    if (history < 1) {
      err.println("flowcast: --history must be >= 1, got " + history);
      return FlowcastCommand.EXIT_BAD_INPUT;
    }
    DashboardTopics topics = new DashboardTopics(forecastsTopic, anomaliesTopic, deadLettersTopic, readingsTopic);
    DashboardServer server;
    try {
      server = DashboardServer.start(bootstrapServers, security, topics, new InetSocketAddress(bind, port), history);
    } catch (IOException | IllegalArgumentException e) {
      err.println("flowcast: cannot serve on " + bind + ":" + port + ": " + e.getMessage());
      return FlowcastCommand.EXIT_BAD_INPUT;
    } catch (KafkaException e) {
      err.println("flowcast: cannot read Kafka at " + bootstrapServers + ": " + e.getMessage());
      return FlowcastCommand.EXIT_BAD_INPUT;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread shutdown = new Thread(stopped::countDown, "dashboard-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);
    PrintWriter out = spec.commandLine().getOut();
    out.println("dashboard " + server.uri());
    out.flush();
    try {
      while (!stopped.await(1, TimeUnit.SECONDS)) {
        if (server.failure() != null) {
          err.println("flowcast: the dashboard cannot read Kafka: " + server.failure());
          return 1;
        }
      }
      return 0;
    } finally {
      server.close();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdown);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook is running or has run
      }
    }
  }
}
