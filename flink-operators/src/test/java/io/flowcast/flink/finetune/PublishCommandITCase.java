package io.flowcast.flink.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.cli.CapturedRun;
import io.flowcast.flink.job.CommittedTopicReader;
import io.flowcast.flink.kafka.EmbeddedKafka;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.schemas.ModelCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flowcast model publish} against Kafka's in-process broker. */
class PublishCommandITCase {
  private static final Path MODEL = Path.of("..", "examples", "demo-model.safetensors");
  private static final Pattern PUBLISHED = Pattern.compile("published version=(\\d+) uri=(\\S+) sha256=([0-9a-f]{64})");
  private static EmbeddedKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.start();
    kafka.createTopics("checkpoints-a", "checkpoints-b", "checkpoints-c");
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  private CapturedRun publish(int expectedExit, String topic, String... args) {
    String[] all = new String[args.length + 8];
    System.arraycopy(new String[] {"model", "publish", "--weights", MODEL.toString(), "--checkpoint-dir",
        dir.toString(), "--bootstrap-servers=" + kafka.bootstrapServers(), "--topic=" + topic}, 0, all, 0, 8);
    System.arraycopy(args, 0, all, 8, args.length);
    CapturedRun run = new CapturedRun();
    assertThat(run.execute(all)).as(run.err()).isEqualTo(expectedExit);
    return run;
  }

  private static Matcher published(CapturedRun run) {
    Matcher matcher = PUBLISHED.matcher(run.out().strip());
    assertThat(matcher.matches()).as(run.out()).isTrue();
    assertThat(run.err()).isEmpty();
    return matcher;
  }

  private static List<ModelCheckpoint> announcements(String topic) {
    try (CommittedTopicReader<ModelCheckpoint> reader =
        new CommittedTopicReader<>(kafka.bootstrapServers(), topic, ModelCheckpoint.class)) {
      return reader.readRest();
    }
  }

  @Test
  void twoPublishesAnnounceVersionsOneAndTwoWithTheirFiles() throws Exception {
    Matcher first = published(publish(0, "checkpoints-a"));
    Matcher second = published(publish(0, "checkpoints-a"));

    assertThat(first.group(1)).isEqualTo("1");
    assertThat(second.group(1)).isEqualTo("2");
    List<ModelCheckpoint> announced = announcements("checkpoints-a");
    assertThat(announced).extracting(ModelCheckpoint::getVersion).containsExactly(1L, 2L);
    for (int i = 0; i < 2; i++) {
      ModelCheckpoint announcement = announced.get(i);
      Matcher line = i == 0 ? first : second;
      assertThat(announcement.getUri()).isEqualTo(line.group(2)).endsWith(CheckpointStore.fileName(i + 1));
      assertThat(announcement.getSha256()).isEqualTo(line.group(3))
          .isEqualTo(CheckpointStore.sha256Hex(Files.readAllBytes(dir.resolve(CheckpointStore.fileName(i + 1)))));
      assertThat(announcement.getCell()).isEqualTo("lstm");
      assertThat(announcement.getParentVersion()).isZero();
      assertThat(new CheckpointVerifier().verify(announcement, ForecastSettings.defaults()).config().cell().id())
          .isEqualTo("lstm");
    }
  }

  @Test
  void aVersionNotAboveTheHighestIsRefused() {
    assertThat(published(publish(0, "checkpoints-b", "--version", "7")).group(1)).isEqualTo("7");

    for (String version : List.of("7", "3")) {
      CapturedRun refused = publish(2, "checkpoints-b", "--version", version);
      assertThat(refused.out()).isEmpty();
      assertThat(refused.err().strip()).isEqualTo(
          "flowcast: --version " + version + " is not above the highest announced version 7 on checkpoints-b");
    }
    assertThat(published(publish(0, "checkpoints-b")).group(1)).isEqualTo("8");
    assertThat(announcements("checkpoints-b")).extracting(ModelCheckpoint::getVersion).containsExactly(7L, 8L);
  }

  @Test
  void badWeightsExitWithTwoAndAnnounceNothing() throws Exception {
    Path garbage = Files.writeString(dir.resolve("garbage.safetensors"), "{\"not\": \"tensors\"}");
    String[] args = {"model", "publish", "--weights", garbage.toString(), "--checkpoint-dir", dir.resolve("out").toString(),
        "--bootstrap-servers=" + kafka.bootstrapServers(), "--topic=checkpoints-c"};
    CapturedRun run = new CapturedRun();

    assertThat(run.execute(args)).isEqualTo(2);
    assertThat(run.err().lines()).singleElement().asString().startsWith("flowcast: ").contains("JSON");
    assertThat(announcements("checkpoints-c")).isEmpty();
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
