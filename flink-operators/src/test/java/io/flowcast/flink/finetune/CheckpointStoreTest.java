package io.flowcast.flink.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.SafetensorsReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path dir;

  private CheckpointStore store(int retain) {
    return new CheckpointStore(dir.toString(), retain);
  }

  private Set<String> files() throws Exception {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
    }
  }

  @Test
  void publishWritesTheModelWithItsInfoAndHash() throws Exception {
    ModelParameters model = TestModels.lstm(1);
    PublishedCheckpoint published = store(3).publish(model, TestModels.info(7));

    Path file = dir.resolve("model-v000000000007.safetensors");
    byte[] bytes = Files.readAllBytes(file);
    assertThat(published.version()).isEqualTo(7);
    assertThat(published.uri()).isEqualTo("file:" + file.toAbsolutePath());
    assertThat(published.sha256()).isEqualTo(CheckpointStore.sha256Hex(bytes)).matches("[0-9a-f]{64}");
    assertThat(published.cell()).isEqualTo("lstm");
    assertThat(published.info()).isEqualTo(TestModels.info(7));
    assertThat(ModelFiles.read(file).config()).isEqualTo(model.config());
    assertThat(new SafetensorsReader().read(file).metadata()).containsAllEntriesOf(Map.of(
        "checkpoint.version", "7",
        "checkpoint.parent_version", "6",
        "checkpoint.created_at", "1700000000007",
        "checkpoint.samples_seen", "7000",
        "checkpoint.train_loss", "0.25",
        "checkpoint.validation_loss", "0.5",
        "checkpoint.config_hash", "cfg-1",
        "flowcast.cell", "lstm"));
    JsonNode sidecar = new ObjectMapper().readTree(dir.resolve("model-v000000000007.json").toFile());
    assertThat(sidecar.get("sha256").asText()).isEqualTo(published.sha256());
    assertThat(sidecar.get("uri").asText()).isEqualTo(published.uri());
    assertThat(sidecar.get("checkpoint.version").asText()).isEqualTo("7");
    assertThat(sidecar.get("flowcast.hidden_size").asText()).isEqualTo("4");
    assertThat(files()).containsExactlyInAnyOrder("model-v000000000007.safetensors", "model-v000000000007.json");
  }

  @Test
  void unknownLossesAndConfigHashAreLeftOut() throws Exception {
    store(1).publish(TestModels.lstm(1), CheckpointInfo.manual(1, 5));

    assertThat(new SafetensorsReader().read(dir.resolve(CheckpointStore.fileName(1))).metadata())
        .containsEntry("checkpoint.parent_version", "0")
        .doesNotContainKeys("checkpoint.train_loss", "checkpoint.validation_loss", "checkpoint.config_hash");
  }

  @Test
  void createsAMissingDirectoryGivenAsAFileUri() throws Exception {
    Path nested = dir.resolve("a/b");
    PublishedCheckpoint published =
        new CheckpointStore(nested.toUri().toString(), 1).publish(TestModels.lstm(1), TestModels.info(1));

    assertThat(nested.resolve(CheckpointStore.fileName(1))).exists();
    assertThat(published.uri()).startsWith("file:/").endsWith("/a/b/model-v000000000001.safetensors");
  }

  @Test
  void retentionKeepsTheHighestVersionsAndNothingElse() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Files.writeString(dir.resolve(".model-v000000000001.safetensors.other-writer.tmp"), "half");
    Files.writeString(dir.resolve("model-v1.safetensors"), "not the pattern");
    CheckpointStore store = store(2);
    for (long version = 1; version <= 4; version++) {
      store.publish(TestModels.lstm(version), TestModels.info(version));
    }
    store.retainUpTo(4);

    assertThat(files()).containsExactlyInAnyOrder(
        "model-v000000000003.safetensors", "model-v000000000003.json",
        "model-v000000000004.safetensors", "model-v000000000004.json",
        "notes.txt", ".model-v000000000001.safetensors.other-writer.tmp", "model-v1.safetensors");
  }

  @Test
  void retentionCountsBackFromTheAnnouncedVersionAndLeavesHigherOnes() throws Exception {
    CheckpointStore store = store(1);
    store.publish(TestModels.lstm(1), TestModels.info(1));
    store.publish(TestModels.lstm(2), TestModels.info(2));
    store.publish(TestModels.lstm(5), TestModels.info(5)); // written, not announced yet
    assertThat(store.highestVersion()).isEqualTo(5);
    store.retainUpTo(2);

    assertThat(files()).containsExactlyInAnyOrder(
        "model-v000000000002.safetensors", "model-v000000000002.json",
        "model-v000000000005.safetensors", "model-v000000000005.json");
  }

  @Test
  void publishingAloneDeletesNothing() throws Exception {
    CheckpointStore store = store(1);
    for (long version = 1; version <= 3; version++) {
      store.publish(TestModels.lstm(version), TestModels.info(version));
    }
    assertThat(files()).hasSize(6);
  }

  @Test
  void anEmptyOrMissingDirectoryHoldsNoVersion() throws Exception {
    assertThat(store(1).highestVersion()).isZero();
    assertThat(new CheckpointStore(dir.resolve("not-yet").toString(), 1).highestVersion()).isZero();
  }

  @Test
  void republishingTheSameBytesLeavesTheFileAlone() throws Exception {
    CheckpointStore store = store(2);
    PublishedCheckpoint first = store.publish(TestModels.lstm(1), TestModels.info(1));
    Path file = dir.resolve(CheckpointStore.fileName(1));
    Files.setLastModifiedTime(file, FileTime.fromMillis(0));

    assertThat(store.publish(TestModels.lstm(1), TestModels.info(1))).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(file).toMillis()).isZero();
  }

  @Test
  void republishingOtherBytesReplacesTheUnannouncedFile() throws Exception {
    CheckpointStore store = store(2);
    PublishedCheckpoint first = store.publish(TestModels.lstm(1), TestModels.info(1));
    PublishedCheckpoint second = store.publish(TestModels.lstm(2), TestModels.info(1));

    assertThat(second.sha256()).isNotEqualTo(first.sha256())
        .isEqualTo(CheckpointStore.sha256Hex(Files.readAllBytes(dir.resolve(CheckpointStore.fileName(1)))));
    assertThat(Files.readString(dir.resolve(CheckpointStore.sidecarName(1)), StandardCharsets.UTF_8))
        .contains(second.sha256());
    assertThat(files()).hasSize(2);
  }

  @Test
  void republishingALargerOrSmallerModelReplacesTheFile() throws Exception {
    CheckpointStore store = store(1);
    store.publish(TestModels.lstm(1), TestModels.info(1));
    ModelParameters larger = ModelParameters.zeros(new ModelConfig(CellType.GRU, 3, 8, 2, 3));
    store.publish(larger, TestModels.info(1));
    assertThat(ModelFiles.read(dir.resolve(CheckpointStore.fileName(1))).config()).isEqualTo(larger.config());

    store.publish(TestModels.lstm(1), TestModels.info(1));
    assertThat(ModelFiles.read(dir.resolve(CheckpointStore.fileName(1))).config()).isEqualTo(TestModels.lstm(1).config());
  }

  @Test
  void aReaderOnlyEverSeesWholeFilesWhileAVersionIsRewritten() throws Exception {
    CheckpointStore store = store(1);
    ModelParameters[] models = {TestModels.lstm(1), TestModels.lstm(2)};
    Set<String> whole = Set.of(
        store.publish(models[1], TestModels.info(1)).sha256(), store.publish(models[0], TestModels.info(1)).sha256());
    Path file = dir.resolve(CheckpointStore.fileName(1));
    AtomicBoolean writing = new AtomicBoolean(true);
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
      try {
        for (int i = 1; i <= 40; i++) {
          store.publish(models[i % 2], TestModels.info(1));
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        writing.set(false);
      }
    });
    int reads = 0;
    while (writing.get() || reads == 0) {
      assertThat(CheckpointStore.sha256Hex(Files.readAllBytes(file))).isIn(whole);
      try (Stream<Path> listing = Files.list(dir)) {
        assertThat(listing.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("model-")))
            .allMatch(name -> name.equals(CheckpointStore.fileName(1)) || name.equals(CheckpointStore.sidecarName(1)));
      }
      reads++;
    }
    writer.join();
    assertThat(files()).containsExactlyInAnyOrder(CheckpointStore.fileName(1), CheckpointStore.sidecarName(1));
  }

  @Test
  void sha256HexIsLowerCaseHex() {
    assertThat(CheckpointStore.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void refusesBadConfiguration() {
    assertThatThrownBy(() -> new CheckpointStore(dir.toString(), 0)).hasMessageContaining("retain");
    assertThatThrownBy(() -> new CheckpointStore(" ", 1)).hasMessageContaining("directory");
    assertThatThrownBy(() -> CheckpointInfo.manual(0, 1)).hasMessageContaining("at least 1");
  }
}
