package io.flowcast.flink.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flowcast.flink.finetune.CheckpointRejectedException.Reason;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.io.DType;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.schemas.ModelCheckpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointVerifierTest {
  private static final ForecastSettings SETTINGS = ForecastSettings.defaults();

  @TempDir Path dir;

  private final CheckpointVerifier verifier = new CheckpointVerifier();
  private final ModelParameters model = TestModels.lstm(3);
  private ModelCheckpoint announcement;
  private Path file;

  @BeforeEach
  void publish() throws Exception {
    announcement = ModelCheckpoints.announcement(new CheckpointStore(dir.toString(), 1).publish(model, TestModels.info(1)));
    file = dir.resolve(CheckpointStore.fileName(1));
  }

  /** Replaces the published file with {@code bytes} and announces them with their own hash. */
  private ModelCheckpoint announce(byte[] bytes) throws Exception {
    Files.write(file, bytes);
    return ModelCheckpoint.newBuilder(announcement).setSha256(CheckpointStore.sha256Hex(bytes)).build();
  }

  private Reason rejection(ModelCheckpoint checkpoint, ForecastSettings settings) {
    CheckpointRejectedException e = catchThrowableOfType(
        () -> verifier.verify(checkpoint, settings), CheckpointRejectedException.class);
    assertThat(e).as("rejected").isNotNull();
    assertThat(e.getMessage()).startsWith("checkpoint version 1 at " + checkpoint.getUri() + " rejected (" + e.reason() + "): ")
        .endsWith(e.detail());
    return e.reason();
  }

  @Test
  void acceptsThePublishedFile() throws Exception {
    ModelParameters loaded = verifier.verify(announcement, SETTINGS);

    assertThat(loaded.config()).isEqualTo(model.config());
    assertThat(ModelFiles.toBytes(loaded, DType.F32)).isEqualTo(ModelFiles.toBytes(model, DType.F32));
  }

  @Test
  void aFlippedByteIsAHashMismatch() throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);

    assertThat(rejection(announcement, SETTINGS)).isEqualTo(Reason.HASH_MISMATCH);
  }

  @Test
  void nanWeightsWithTheirHashAreNonFinite() throws Exception {
    byte[] bytes = TestModels.withFirstWeightNaN(Files.readAllBytes(file));

    assertThat(rejection(announce(bytes), SETTINGS)).isEqualTo(Reason.NON_FINITE);
  }

  @Test
  void garbageWithItsHashIsNotAModel() throws Exception {
    ModelCheckpoint garbage = announce("definitely not safetensors".getBytes(StandardCharsets.US_ASCII));

    assertThat(rejection(garbage, SETTINGS)).isEqualTo(Reason.NOT_A_MODEL);
  }

  @Test
  void anotherHorizonDoesNotFit() {
    assertThat(rejection(announcement, SETTINGS.withHorizon(5))).isEqualTo(Reason.DOES_NOT_FIT);
  }

  @Test
  void anotherCellThanAnnouncedIsACellMismatch() {
    ModelCheckpoint gru = ModelCheckpoint.newBuilder(announcement).setCell("gru").build();

    assertThat(rejection(gru, SETTINGS)).isEqualTo(Reason.CELL_MISMATCH);
  }

  @Test
  void aMissingFileIsUnreadable() throws Exception {
    Files.delete(file);

    assertThat(rejection(announcement, SETTINGS)).isEqualTo(Reason.UNREADABLE);
  }

  @Test
  void aUriWithoutAFileSystemIsUnreadable() {
    ModelCheckpoint unknownScheme = ModelCheckpoint.newBuilder(announcement).setUri("nosuchfs://bucket/m.safetensors").build();

    assertThat(rejection(unknownScheme, SETTINGS)).isEqualTo(Reason.UNREADABLE);
  }
}
