package io.flowcast.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServedModelTest {

  @Test
  void roundTripsThroughItsStateLineAndItsAnnouncement() {
    ServedModel served = new ServedModel(42, "s3://bucket/models/model-v000000000042.safetensors", "ab".repeat(32), "gru");
    assertThat(ServedModel.decode(served.encode())).isEqualTo(served);
    assertThat(ServedModel.of(served.announcement())).isEqualTo(served);
  }

  @Test
  void refusesALineOfAnotherForm() {
    assertThatThrownBy(() -> ServedModel.decode("42\tonly-a-uri")).isInstanceOf(IllegalArgumentException.class);
  }
}
