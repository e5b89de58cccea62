package io.flowcast.flink.finetune;

import io.flowcast.flink.kafka.KafkaSecurity;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.cli.DurationConverter;
import io.flowcast.model.cli.FlowcastCommand;
import io.flowcast.model.cli.WeightFileOptionsMixin;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.WeightFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code flowcast model publish --weights F --checkpoint-dir DIR [--bootstrap-servers host:port]
 * [--topic model-checkpoints] [--version N] [--retain K] [--timeout 30s] [--rnn-prefix P]
 * [--head-prefix P] [--nonlinearity tanh|relu] [--kafka.properties.KEY VALUE ...]}: hands a model to every running job. Reads F (a
 * Flowcast or PyTorch state_dict safetensors file, as {@code model run} does), finds the highest
 * version announced on the topic, publishes F as the next version (or N, which must be higher)
 * through {@link CheckpointStore} into DIR and announces it (Kafka's security settings as
 * {@link KafkaSecurity} options); prints {@code published version=<v>
 * uri=<uri> sha256=<hex>}. Rolling back is publishing an older file under a new, higher version.
 *
 * <p>Exit codes: 0 published; {@link FlowcastCommand#EXIT_BAD_INPUT} for bad options, a weight
 * file that cannot be read or does not hold a model, or a version not above the highest announced
 * one; {@link #EXIT_FAILED} when Kafka is unreachable or does not answer in time, or DIR cannot be
 * written. Every failure is one line on stderr.
 */
@Command(
    name = "publish",
    description = {
        "Publish a weights file as the next model version: write it into the checkpoint directory "
            + "and announce it on the checkpoints topic, so that every running job swaps it in.",
        "Rolling back is publishing an older file under a new, higher version."})
public final class PublishCommand implements Callable<Integer> {
  /** Exit code when Kafka or the checkpoint directory fails. */
  static final int EXIT_FAILED = 1;

  @Spec private CommandSpec spec;

  // Only --help: picocli's standard --version would take the name of the model version.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  private boolean help;

  @Option(names = "--weights", required = true,
      description = "safetensors file: a Flowcast model or a PyTorch state_dict, as model run reads.")
  private Path weights;

  @Option(names = "--checkpoint-dir", required = true,
      description = "Directory of the published versions, as a Flink FileSystem URI (a path, file://, "
          + "s3://, hdfs://...). Every task manager reads the announced file from there, so it must be "
          + "reachable by them under the same URI (a shared volume or an object store).")
  private String checkpointDir;

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092",
      description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
  private String bootstrapServers;

  @Option(names = "--topic", defaultValue = "model-checkpoints",
      description = "Topic of the ModelCheckpoint announcements (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(names = "--version",
      description = "Version to publish; must be above the highest announced one (default: that plus 1).")
  private Long version;

  @Option(names = "--retain", defaultValue = "5",
      description = "Versions kept in the directory, older ones are deleted (default: ${DEFAULT-VALUE}). "
          + "Keep enough for jobs restoring from an older Flink checkpoint.")
  private int retain;

  @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
      description = "Longest wait for each Kafka step (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Mixin private WeightFileOptionsMixin weightFileOptions;

  @Unmatched private List<String> kafkaOptions = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    CheckpointStore store;
    ModelParameters parameters;
    KafkaSecurity security;
    try {
      requireValidOptions();
      security = KafkaSecurity.fromArguments(kafkaOptions);
      store = new CheckpointStore(checkpointDir, retain);
      parameters = ModelFiles.read(weights, weightFileOptions.options(null));
    } catch (NoSuchFileException e) {
      return fail(err, FlowcastCommand.EXIT_BAD_INPUT, "no such file: " + e.getFile());
    } catch (WeightFileException | IllegalArgumentException e) {
      return fail(err, FlowcastCommand.EXIT_BAD_INPUT, e.getMessage());
    } catch (IOException e) {
      return fail(err, FlowcastCommand.EXIT_BAD_INPUT, "cannot read " + e.getMessage());
    }
    CheckpointTopic checkpoints = new CheckpointTopic(bootstrapServers, security, topic, timeout);
    long published;
    try {
      long highest = checkpoints.highestVersion();
      if (version != null && version <= highest) {
        return fail(err, FlowcastCommand.EXIT_BAD_INPUT,
            "--version " + version + " is not above the highest announced version " + highest + " on " + topic);
      }
      // a fine-tuner's version written but not announced yet lies in the directory only
      highest = Math.max(highest, store.highestVersion());
      if (version != null && version <= highest) {
        return fail(err, FlowcastCommand.EXIT_BAD_INPUT,
            "--version " + version + " is not above version " + highest + " in " + checkpointDir);
      }
      published = version != null ? version : highest + 1;
    } catch (KafkaException e) {
      return fail(err, EXIT_FAILED, "cannot read " + topic + " from Kafka at " + bootstrapServers + ": " + e.getMessage());
    } catch (IOException e) {
      return fail(err, EXIT_FAILED, "cannot list " + checkpointDir + ": " + e.getMessage());
    }
    PublishedCheckpoint checkpoint;
    try {
      checkpoint = store.publish(parameters, CheckpointInfo.manual(published, System.currentTimeMillis()));
    } catch (IllegalArgumentException e) { // a value beyond the float range of the F32 file
      return fail(err, FlowcastCommand.EXIT_BAD_INPUT, e.getMessage());
    } catch (IOException e) {
      return fail(err, EXIT_FAILED, "cannot write version " + published + " to " + checkpointDir + ": " + e.getMessage());
    }
    try {
      checkpoints.announce(ModelCheckpoints.announcement(checkpoint));
    } catch (KafkaException e) {
      return fail(err, EXIT_FAILED, "wrote " + checkpoint.uri() + " but could not announce it on " + topic
          + " at " + bootstrapServers + ": " + e.getMessage());
    }
    try {
      store.retainUpTo(checkpoint.version());
    } catch (IOException e) {
      err.println("flowcast: published, but could not apply retention in " + checkpointDir + ": " + e.getMessage());
    }
    spec.commandLine().getOut().println("published version=" + checkpoint.version() + " uri=" + checkpoint.uri()
        + " sha256=" + checkpoint.sha256());
    return 0;
  }

  private void requireValidOptions() {
    if (version != null && version < 1) {
      throw new IllegalArgumentException("--version must be at least 1, got " + version);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("--timeout must be positive, got " + timeout);
    }
  }

  private static int fail(PrintWriter err, int code, String message) {
    err.println("flowcast: " + message);
    return code;
  }
}
