package io.flowcast.model.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

  @Test
  void staysBoundedAndValidatesOnTheNewestSamples() {
    ReplayBuffer buffer = new ReplayBuffer(10, 4, 1);
    for (int i = 0; i < 3; i++) {
      buffer.add(FineTuneFixtures.sample("s", i, 0));
    }
    assertThat(buffer.validationFull()).isFalse();
    assertThat(buffer.trainingSize()).isZero();
    for (int i = 3; i < 100; i++) {
      buffer.add(FineTuneFixtures.sample("s", i, 0));
    }
    assertThat(buffer.seen()).isEqualTo(100);
    assertThat(buffer.trainingSize()).isEqualTo(10);
    assertThat(buffer.validationFull()).isTrue();
    assertThat(buffer.validation()).extracting(TrainingSample::windowStart)
        .containsExactly(60_000L * 96, 60_000L * 97, 60_000L * 98, 60_000L * 99);
    assertThat(buffer.training()).extracting(TrainingSample::windowStart)
        .allMatch(start -> start < 60_000L * 96);
    assertThatThrownBy(() -> buffer.training().add(FineTuneFixtures.sample("s", 0, 0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void theReservoirHoldsEachSensorInProportionToItsShareOfTheStream() {
    ReplayBuffer buffer = new ReplayBuffer(500, 10, 42);
    TrainingSample heavy = FineTuneFixtures.sample("heavy", 0, 0);
    for (int i = 0; i < 9_000; i++) {
      buffer.add(heavy); // 90% of the stream, all of it first
    }
    for (int i = 0; i < 1_000; i++) {
      buffer.add(FineTuneFixtures.sample("light-" + i % 9, i, 0));
    }
    double heavyShare = buffer.training().stream().filter(s -> s.sensorId().equals("heavy")).count() / 500.0;
    // 9000 of the 9990 samples that entered the reservoir: 0.901, binomial sd about 0.013
    assertThat(heavyShare).isCloseTo(0.901, within(0.05));
  }

  @Test
  void encodesAndDecodesExactly() {
    ReplayBuffer buffer = new ReplayBuffer(8, 3, 5);
    for (int i = 0; i < 30; i++) {
      buffer.add(FineTuneFixtures.sample("s" + i % 4, i, 0.1 * i));
    }
    byte[] encoded = buffer.encode();
    ReplayBuffer decoded = ReplayBuffer.decode(encoded);
    assertThat(decoded.seen()).isEqualTo(30);
    assertThat(encodings(decoded.training())).isEqualTo(encodings(buffer.training()));
    assertThat(encodings(decoded.validation())).isEqualTo(encodings(buffer.validation()));
    assertThat(decoded.encode()).isEqualTo(encoded);
    TrainingSample next = FineTuneFixtures.sample("s", 99, 0);
    buffer.add(next);
    decoded.add(next);
    assertThat(decoded.encode()).isEqualTo(buffer.encode());
  }

  @Test
  void rejectsCorruptBytes() {
    byte[] encoded = new ReplayBuffer(8, 3, 5).encode();
    assertThatThrownBy(() -> ReplayBuffer.decode(Arrays.copyOf(encoded, encoded.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplayBuffer.decode(new byte[] {9}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format");
  }

  private static List<String> encodings(List<TrainingSample> samples) {
    return samples.stream().map(s -> Arrays.toString(s.encode())).toList();
  }
}
