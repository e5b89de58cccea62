package io.flowcast.flink.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.schemas.ModelCheckpoint;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelCheckpointsTest {
  private static final String SHA = "ab".repeat(32);

  @Test
  void theAnnouncementCarriesEveryField() {
    ModelCheckpoint announcement = ModelCheckpoints.announcement(
        new PublishedCheckpoint("s3://models/model-v000000000004.safetensors", SHA, "gru", TestModels.info(4)));

    assertThat(announcement.getVersion()).isEqualTo(4);
    assertThat(announcement.getUri()).isEqualTo("s3://models/model-v000000000004.safetensors");
    assertThat(announcement.getSha256()).isEqualTo(SHA);
    assertThat(announcement.getCell()).isEqualTo("gru");
    assertThat(announcement.getCreatedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_004L));
    assertThat(announcement.getTrainingSamples()).isEqualTo(4000);
    assertThat(announcement.getParentVersion()).isEqualTo(3);
    assertThat(announcement.getTrainLoss()).isEqualTo(0.25);
    assertThat(announcement.getValidationLoss()).isEqualTo(0.5);
    assertThat(announcement.getConfigHash()).isEqualTo("cfg-1");
  }

  @Test
  void unknownLossesAreNull() {
    ModelCheckpoint announcement =
        ModelCheckpoints.announcement(new PublishedCheckpoint("m", SHA, "rnn", CheckpointInfo.manual(1, 0)));

    assertThat(announcement.getTrainLoss()).isNull();
    assertThat(announcement.getValidationLoss()).isNull();
    assertThat(announcement.getConfigHash()).isNull();
    assertThat(announcement.getParentVersion()).isZero();
  }

  @Test
  void roundTripsThroughItsBinaryForm() throws IOException {
    ModelCheckpoint announcement =
        ModelCheckpoints.announcement(new PublishedCheckpoint("/m", SHA, "lstm", TestModels.info(2)));

    assertThat(ModelCheckpoints.fromBytes(ModelCheckpoints.toBytes(announcement))).isEqualTo(announcement);
  }

  @Test
  void leftOverBytesAreNotAnAnnouncement() {
    byte[] bytes = ModelCheckpoints.toBytes(
        ModelCheckpoints.announcement(new PublishedCheckpoint("/m", SHA, "lstm", TestModels.info(2))));
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);

    assertThatThrownBy(() -> ModelCheckpoints.fromBytes(longer)).isInstanceOf(IOException.class);
  }
}
