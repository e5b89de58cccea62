package io.flowcast.flink.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.ingest.DecoderBudget;
import io.flowcast.schemas.ModelCheckpoint;
import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link ModelCheckpoints#fromBytes} on any bytes of the announcements topic: an announcement or
 * an {@link IOException}, nothing else, within the allocation budget of
 * {@link DecoderBudget}.
 */
class ModelCheckpointsPropertiesTest {

  @Property(tries = 2000)
  void randomBytesGiveAnAnnouncementOrTheTypedException(@ForAll @Size(max = 300) byte[] bytes) {
    decodeChecked(bytes);
  }

  @Property(tries = 2000)
  void mutatedValidAnnouncementsGiveAnAnnouncementOrTheTypedException(
      @ForAll("announcements") byte[] valid, @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll byte value, @ForAll @IntRange(min = 1, max = 4) int count, @ForAll @IntRange(min = -2, max = 8) int cut) {
    decodeChecked(DecoderBudget.mutate(valid, position, value, count, cut));
  }

  @Provide
  Arbitrary<byte[]> announcements() {
    return Arbitraries.longs().between(1, 1_000_000).map(version -> ModelCheckpoints.toBytes(
        ModelCheckpoints.announcement(new PublishedCheckpoint("s3://models/model-v" + version + ".safetensors",
            "ab".repeat(32), version % 2 == 0 ? "gru" : "lstm",
            version % 3 == 0 ? CheckpointInfo.manual(version, 0) : TestModels.info(version)))));
  }

  private static void decodeChecked(byte[] bytes) {
    Throwable thrown = DecoderBudget.withinBudget(bytes.length, () -> {
      ModelCheckpoint announcement = ModelCheckpoints.fromBytes(bytes);
      assertThat(announcement).isNotNull();
    });
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(IOException.class);
    }
  }
}
