package io.flowcast.flink.demo;

import io.flowcast.flink.job.EmbeddedForecastJob;
import io.flowcast.flink.job.ForecastOptions;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.model.cli.FlowcastCommand;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.WeightFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code flowcast demo}: the whole pipeline in one process. Starts an in-process Kafka broker with
 * the job's topics and the Flowcast job on an in-process Flink, sends a simulated fleet's readings
 * ({@link FleetProducer}) at {@code --speedup} times real time, reads the forecasts back
 * ({@link ForecastConsumer}) into a {@link DemoScoreboard}, and prints a progress line every
 * {@code --report-every}. After {@code --duration} (or on Ctrl-C) it stops the fleet, gives the job
 * a few seconds to forecast the windows that have closed, cancels it and prints the
 * {@code SUMMARY} line last. Exits 0 when the demo bar is met ({@link DemoFigures#meetsDemoBar()}),
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

  private final CountDownLatch interrupted = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

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
      description = "How long the fleet sends, e.g. 60s, 2m (default: ${DEFAULT-VALUE}).")
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

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    String problem = checkOptions();
    if (problem != null) {
      err.println("flowcast: " + problem);
      return FlowcastCommand.EXIT_BAD_INPUT;
    }
    Path weights = fresh ? null : modelPath();
    if (weights != null) {
      try {
        ModelFiles.read(weights);
      } catch (NoSuchFileException e) {
        err.println("flowcast: no such file: " + e.getFile());
        return FlowcastCommand.EXIT_BAD_INPUT;
      } catch (WeightFileException e) {
        err.println("flowcast: " + e.getMessage());
        return FlowcastCommand.EXIT_BAD_INPUT;
      } catch (IOException e) {
        err.println("flowcast: cannot read " + weights + ": " + e.getMessage());
        return FlowcastCommand.EXIT_BAD_INPUT;
      }
    }
    Thread stopOnCtrlC = new Thread(this::stopAndAwaitSummary, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
    try {
      return run(weights);
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
      } catch (IllegalStateException e) {
        // The JVM is shutting down (Ctrl-C): the hook is running and the summary is out.
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
    if (fresh && model != null) {
      return "--fresh and --model exclude each other";
    }
    return null;
  }

  private Path modelPath() {
    return model != null ? model : Path.of(System.getProperty("flowcast.home", ".")).resolve(BUNDLED_MODEL);
  }

  private int run(Path weights) throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FleetSettings fleet = FleetSettings.demo(sensors, seed);
    DemoScoreboard scoreboard = new DemoScoreboard(fleet.windowMillis(), DemoSettings.forecast().warmUpWindows());
    String failure;
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      Configuration config = DemoJobConfiguration.create(kafka.bootstrapServers(), weights);
      kafka.createTopics(parallelism, config.get(ForecastOptions.READINGS_TOPIC),
          config.get(ForecastOptions.FORECASTS_TOPIC), config.get(ForecastOptions.ANOMALIES_TOPIC),
          config.get(ForecastOptions.DEAD_LETTERS_TOPIC));
      try (EmbeddedForecastJob job = EmbeddedForecastJob.start(config, parallelism);
          ForecastConsumer consumer = ForecastConsumer.start(
              kafka.bootstrapServers(), config.get(ForecastOptions.FORECASTS_TOPIC), scoreboard)) {
        FleetProducer producer = FleetProducer.start(new SensorFleetSimulator(fleet), kafka.bootstrapServers(),
            config.get(ForecastOptions.READINGS_TOPIC), speedup, scoreboard);
        long startNanos = System.nanoTime();
        failure = reportUntilDone(out, scoreboard, startNanos, job, producer, consumer);
        producer.close();
        if (failure == null && interrupted.getCount() > 0 && producer.lastEventTime() != Long.MIN_VALUE) {
          long closedWindowEnd = lastClosedWindowEnd(producer.lastEventTime(), fleet.windowMillis());
          consumer.awaitWindowEnd(closedWindowEnd, CATCH_UP_TIMEOUT);
        }
      }
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      failure = e.toString();
    }
    DemoFigures figures = scoreboard.figures();
    out.println(scoreboard.summaryLine());
    out.flush();
    if (failure != null) {
      err.println("flowcast: the demo failed: " + failure);
      return EXIT_BAR_NOT_MET;
    }
    if (!figures.meetsDemoBar()) {
      err.println("flowcast: the demo bar is not met (mae < mae_persistence and at least half of the injected "
          + "anomalies detected)");
      return EXIT_BAR_NOT_MET;
    }
    return 0;
  }

  /**
   * Prints progress lines until the duration is up, Ctrl-C, or a part fails.
   *
   * @return what failed, or null
   */
  private String reportUntilDone(PrintWriter out, DemoScoreboard scoreboard, long startNanos,
      EmbeddedForecastJob job, FleetProducer producer, ForecastConsumer consumer) throws InterruptedException {
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

  /** Ctrl-C: ends the run early and holds the JVM's exit until the summary is printed. */
  private void stopAndAwaitSummary() {
    interrupted.countDown();
    try {
      finished.await(CATCH_UP_TIMEOUT.toSeconds() * 3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
