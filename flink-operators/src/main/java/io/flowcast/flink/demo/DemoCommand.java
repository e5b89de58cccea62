package io.flowcast.flink.demo;

import io.flowcast.flink.dashboard.DashboardServer;
import io.flowcast.flink.dashboard.DashboardTopics;
import io.flowcast.flink.job.EmbeddedForecastJob;
import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.model.cli.DurationConverter;
import io.flowcast.model.cli.FlowcastCommand;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.WeightFileException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowcast demo}: the whole pipeline in one process. Starts an in-process Kafka broker with
 * the job's topics and the Flowcast job on an in-process Flink, sends a simulated fleet's readings
 * ({@link FleetProducer}) at {@code --speedup} times real time, reads the forecasts back
 * ({@link ForecastConsumer}) into a {@link DemoScoreboard}, serves the live dashboard
 * ({@link DashboardServer}; its address is the first line) and prints a progress line every
 * {@code --report-every}. After {@code --duration} (or on Ctrl-C) it stops the fleet, gives the job
 * a few seconds to forecast the windows that have closed, cancels it and prints the
 * {@code SUMMARY} line last. By default ({@code --finetune train}) the job fine-tunes its model on
 * the stream ({@link DemoJobConfiguration}), and the fleet drifts halfway through the run
 * ({@link SensorProfile#drift}). Exits 0 when the demo bar is met ({@link DemoFigures#meetsDemoBar()}),
 * 1 when it is not or the job failed, 2 for bad options.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a simulated sensor fleet through the job on in-process Kafka and Flink, and score "
        + "its forecasts and anomaly flags.")
public final class DemoCommand implements Callable<Integer> {
  /** Exit code when the demo bar is not met or the run failed. */
  public static final int EXIT_BAR_NOT_MET = 1;
  /** The model the demo runs by default, relative to the Flowcast checkout ({@code flowcast.home}). */
  static final String BUNDLED_MODEL = "examples/demo-model.safetensors";
  /** Longest wait, after the fleet stopped, for the forecasts of the windows that have closed. */
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Windows the demo's dashboard keeps per sensor: 2.5 simulated days of 5-minute windows, so that
   * at the demo's speed a chart spans a minute or more of wall-clock time.
   */
  private static final int DASHBOARD_HISTORY = 720;
  /** Longest wait of a Ctrl-C for the summary. */
  private static final Duration SUMMARY_TIMEOUT = Duration.ofSeconds(10);

  private final CountDownLatch interrupted = new CountDownLatch(1);
  private final CountDownLatch summaryPrinted = new CountDownLatch(1);

  @Spec private CommandSpec spec;

  @Option(
      names = "--sensors",
      defaultValue = "64",
      description = "Simulated sensors (default: ${DEFAULT-VALUE}).")
  private int sensors;

  @Option(
      names = "--seed",
      defaultValue = "11",
      description = "Seed of the fleet (default: ${DEFAULT-VALUE}, a fleet the bundled model never saw).")
  private long seed;

  @Option(
      names = "--speedup",
      defaultValue = "2400",
      description = "Seconds of event time per wall-clock second (default: ${DEFAULT-VALUE}: a simulated day "
          + "in 36 s).")
  private double speedup;

  @Option(
      names = "--duration",
      defaultValue = "90s",
      converter = DurationConverter.class,
      description = "How long the fleet sends, e.g. 60s, 2m (default: ${DEFAULT-VALUE}); starting Kafka and "
          + "Flink and stopping them come on top.")
  private Duration duration;

  @Option(
      names = "--report-every",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Interval of the progress lines (default: ${DEFAULT-VALUE}).")
  private Duration reportEvery;

  @Option(
      names = "--model",
      description = "Safetensors weights (default: " + BUNDLED_MODEL + " of the Flowcast checkout).")
  private Path model;

  @Option(
      names = "--fresh",
      description = "Run an untrained model instead (LSTM, 32 hidden units), for comparison.")
  private boolean fresh;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Parallelism of the job, and partitions of the readings topic (default: ${DEFAULT-VALUE}).")
  private int parallelism;

  @Option(
      names = "--finetune",
      defaultValue = "train",
      description = "train: fine-tune the model on the stream and hot-swap the versions it publishes; off: "
          + "serve the model as it is (default: ${DEFAULT-VALUE}).")
  private String finetune;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8088",
      description = "Port of the live dashboard on 127.0.0.1 (default: ${DEFAULT-VALUE}; any free one when it is "
          + "taken; 0: any).")
  private int dashboardPort;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    String problem = checkOptions();
    if (problem != null) {
      err.println("flowcast: " + problem);
      return FlowcastCommand.EXIT_BAD_INPUT;
    }
    Path weights = fresh ? null : modelPath();
    if (weights != null) {
      problem = checkModel(weights);
      if (problem != null) {
        err.println("flowcast: " + problem);
        return FlowcastCommand.EXIT_BAD_INPUT;
      }
    }
    Thread stopOnCtrlC = new Thread(this::stopAndAwaitSummary, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
    try {
      return run(weights);
    } finally {
      summaryPrinted.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
      } catch (IllegalStateException e) {
        // Ctrl-C: the JVM is shutting down and the hook has run.
      }
    }
  }

  private String checkOptions() {
    if (sensors < 1) {
      return "--sensors must be >= 1, got " + sensors;
    }
    if (!(speedup > 0) || Double.isInfinite(speedup)) {
      return "--speedup must be a positive number, got " + speedup;
    }
    if (duration.isNegative() || duration.isZero()) {
      return "--duration must be positive, got " + duration;
    }
    if (reportEvery.isNegative() || reportEvery.isZero()) {
      return "--report-every must be positive, got " + reportEvery;
    }
    if (parallelism < 1) {
      return "--parallelism must be >= 1, got " + parallelism;
    }
    if (dashboardPort < 0 || dashboardPort > 65535) {
      return "--dashboard-port must be in [0, 65535], got " + dashboardPort;
    }
    if (fresh && model != null) {
      return "--fresh and --model exclude each other";
    }
    if (!finetune.equals("train") && !finetune.equals("off")) {
      return "--finetune must be train or off, got " + finetune;
    }
    return null;
  }

  private Path modelPath() {
    return model != null ? model : Path.of(System.getProperty("flowcast.home", ".")).resolve(BUNDLED_MODEL);
  }

  /** Reads the weights once up front, so that a bad file is a usage error rather than a failed job. */
  private static String checkModel(Path weights) {
    try {
      ModelFiles.read(weights);
      return null;
    } catch (NoSuchFileException e) {
      return "no such file: " + e.getFile();
    } catch (WeightFileException e) {
      return e.getMessage();
    } catch (IOException e) {
      return "cannot read " + weights + ": " + e.getMessage();
    }
  }

  private int run(Path weights) throws InterruptedException {
    FleetSettings fleet = FleetSettings.demo(sensors, seed).withDriftFromWindow(driftFromWindow());
    DemoScoreboard scoreboard = new DemoScoreboard(fleet.windowMillis(), DemoSettings.forecast().warmUpWindows());
    Integer exitCode = null;
    Path checkpointDir = null;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      checkpointDir = finetune.equals("train") ? Files.createTempDirectory("flowcast-demo-checkpoints") : null;
      Configuration config = DemoJobConfiguration.create(kafka.bootstrapServers(), weights, checkpointDir);
      kafka.createTopics(parallelism, config.get(ForecastOptions.READINGS_TOPIC),
          config.get(ForecastOptions.FORECASTS_TOPIC), config.get(ForecastOptions.ANOMALIES_TOPIC),
          config.get(ForecastOptions.DEAD_LETTERS_TOPIC));
      String checkpointsTopic = checkpointDir == null ? null : config.get(ForecastOptions.FINETUNE_TOPIC);
      if (checkpointsTopic != null) {
        kafka.createTopics(1, checkpointsTopic);
      }
      try (DashboardServer dashboard = DashboardServer.startOnFreePort(kafka.bootstrapServers(),
              DashboardTopics.of(config), "127.0.0.1", dashboardPort, DASHBOARD_HISTORY);
          ForecastConsumer consumer = ForecastConsumer.start(kafka.bootstrapServers(),
              config.get(ForecastOptions.FORECASTS_TOPIC), checkpointsTopic, scoreboard);
          EmbeddedForecastJob job = EmbeddedForecastJob.start(config, parallelism);
          FleetProducer producer = FleetProducer.start(new SensorFleetSimulator(fleet), kafka.bootstrapServers(),
              config.get(ForecastOptions.READINGS_TOPIC), speedup, scoreboard)) {
        spec.commandLine().getOut().println("dashboard " + dashboard.uri());
        spec.commandLine().getOut().flush();
        String failure = reportUntilDone(scoreboard, job, producer, consumer);
        if (failure == null && !wasInterrupted()) {
          producer.close();
          awaitClosedWindows(consumer, producer.lastEventTime(), fleet.windowMillis());
        }
        exitCode = summarize(scoreboard, failure);
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      if (exitCode == null) {
        return summarize(scoreboard, e.toString());
      }
      spec.commandLine().getErr().println("flowcast: the demo did not stop cleanly: " + e);
    } finally {
      deleteQuietly(checkpointDir);
    }
    return exitCode;
  }

  /**
   * The window from which the fleet drifts: the one holding the middle of the run's event time
   * ({@code --duration} times {@code --speedup} from the start).
   */
  private int driftFromWindow() {
    double eventMillis = duration.toMillis() * speedup / 2;
    return (int) Math.min(Integer.MAX_VALUE - 1, Math.floor(eventMillis / FleetSettings.DEMO_WINDOW_MILLIS));
  }

  /** Removes the fine-tuner's checkpoint directory; what cannot be removed stays in the temp dir. */
  private static void deleteQuietly(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temp directory: the OS cleans it eventually
    }
  }

  /** Gives the job a few seconds to forecast every window the fleet's last readings closed. */
  private static void awaitClosedWindows(ForecastConsumer consumer, long lastEventTime, long windowMillis)
      throws InterruptedException {
    if (lastEventTime != Long.MIN_VALUE) {
      consumer.awaitWindowEnd(lastClosedWindowEnd(lastEventTime, windowMillis), CATCH_UP_TIMEOUT);
    }
  }

  /**
   * Prints the {@code SUMMARY} line, and on stderr why the run failed or the bar is not met.
   * After Ctrl-C the JVM's other shutdown hooks are tearing the broker and the mini cluster down
   * under the demo; what they log about it from here on is discarded.
   *
   * @return the exit code
   */
  private int summarize(DemoScoreboard scoreboard, String failure) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.println(scoreboard.summaryLine());
    out.flush();
    int exitCode = 0;
    if (failure != null) {
      err.println("flowcast: the demo failed: " + failure);
      exitCode = EXIT_BAR_NOT_MET;
    } else if (!scoreboard.figures().meetsDemoBar()) {
      err.println("flowcast: the demo bar is not met (mae < mae_persistence and at least half of the injected "
          + "anomalies detected)");
      exitCode = EXIT_BAR_NOT_MET;
    }
    err.flush();
    if (wasInterrupted()) {
      System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    }
    summaryPrinted.countDown();
    return exitCode;
  }

  /**
   * Prints progress lines until the duration is up, Ctrl-C, or a part fails.
   *
   * @return what failed, or null
   */
  private String reportUntilDone(DemoScoreboard scoreboard, EmbeddedForecastJob job, FleetProducer producer,
      ForecastConsumer consumer) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    long startNanos = System.nanoTime();
    long endNanos = startNanos + duration.toNanos();
    long nextReport = startNanos + reportEvery.toNanos();
    while (true) {
      long now = System.nanoTime();
      if (now >= endNanos) {
        return null;
      }
      if (now >= nextReport) {
        out.println(scoreboard.progressLine(Duration.ofNanos(now - startNanos)));
        out.flush();
        nextReport += reportEvery.toNanos();
      }
      String failure = failureOf(job, producer, consumer);
      if (failure != null) {
        return failure;
      }
      long wait = Math.min(Math.min(nextReport, endNanos) - now, TimeUnit.SECONDS.toNanos(1));
      if (interrupted.await(Math.max(wait, 1), TimeUnit.NANOSECONDS)) {
        return null;
      }
    }
  }

  private static String failureOf(EmbeddedForecastJob job, FleetProducer producer, ForecastConsumer consumer) {
    if (job.failure().isPresent()) {
      return "the job stopped: " + job.failure().get();
    }
    if (producer.failure() != null) {
      return "the fleet could not send: " + producer.failure();
    }
    if (consumer.failure() != null) {
      return "the forecasts could not be read: " + consumer.failure();
    }
    return null;
  }

  /**
   * End of the last window the job can close once it has read everything up to
   * {@code lastEventTime}: windows close when the watermark, which trails the newest event time by
   * the out-of-orderness, passes their end.
   */
  static long lastClosedWindowEnd(long lastEventTime, long windowMillis) {
    long watermark = lastEventTime - DemoJobConfiguration.OUT_OF_ORDERNESS.toMillis();
    return Math.floorDiv(watermark, windowMillis) * windowMillis;
  }

  private boolean wasInterrupted() {
    return interrupted.getCount() == 0;
  }

  /** Ctrl-C: ends the run early and holds the JVM's exit until the summary is printed. */
  private void stopAndAwaitSummary() {
    interrupted.countDown();
    try {
      summaryPrinted.await(SUMMARY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
