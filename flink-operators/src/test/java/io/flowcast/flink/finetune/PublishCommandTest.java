package io.flowcast.flink.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.cli.CapturedRun;
import io.flowcast.flink.cli.FlowcastCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowcast model publish} where it stops before Kafka, or at an unreachable one. */
class PublishCommandTest {
  private static final Path MODEL = Path.of("..", "examples", "lstm-sine.safetensors");

  @TempDir Path dir;

  private final CapturedRun run = new CapturedRun();

  private int publish(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "model";
    all[1] = "publish";
    all[2] = "--checkpoint-dir";
    all[3] = dir.resolve("checkpoints").toString();
    all[4] = "--bootstrap-servers=localhost:1";
    System.arraycopy(args, 0, all, 5, args.length);
    return run.execute(all);
  }

  private String errorLine() {
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).hasSize(1);
    return run.err().strip();
  }

  @Test
  void isASubcommandOfModel() {
    assertThat(FlowcastCli.newCommandLine().getSubcommands().get("model").getSubcommands())
        .containsKeys("run", "publish");
  }

  @Test
  void helpSaysTheDirectoryMustBeReachableByTheTaskManagers() {
    assertThat(run.execute("model", "publish", "--help")).isZero();
    assertThat(run.out()).contains("--checkpoint-dir").contains("reachable by them").contains("--rnn-prefix");
  }

  @Test
  void aMissingWeightsFileExitsWithTwo() {
    assertThat(publish("--weights", "no-such.safetensors")).isEqualTo(2);
    assertThat(errorLine()).isEqualTo("flowcast: no such file: no-such.safetensors");
  }

  @Test
  void aForeignFormatExitsWithTwoAndSaysWhatItIs() throws Exception {
    Path pt = Files.write(dir.resolve("model.pt"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0});

    assertThat(publish("--weights", pt.toString())).isEqualTo(2);
    assertThat(errorLine()).startsWith("flowcast: ").contains("zip archive");
  }

  @Test
  void badOptionsExitWithTwo() {
    assertThat(publish("--weights", MODEL.toString(), "--retain", "0")).isEqualTo(2);
    assertThat(errorLine()).isEqualTo("flowcast: retain must be at least 1, got 0");
  }

  @Test
  void aVersionBelowOneExitsWithTwo() {
    assertThat(publish("--weights", MODEL.toString(), "--version", "0")).isEqualTo(2);
    assertThat(errorLine()).isEqualTo("flowcast: --version must be at least 1, got 0");
  }

  @Test
  void anUnreachableKafkaExitsWithOneWithinTheTimeoutAndWritesNothing() {
    long start = System.nanoTime();

    assertThat(publish("--weights", MODEL.toString(), "--timeout", "2s")).isEqualTo(1);
    assertThat(errorLine()).startsWith("flowcast: cannot read model-checkpoints from Kafka at localhost:1: ");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
    assertThat(dir.resolve("checkpoints")).doesNotExist();
  }
}
