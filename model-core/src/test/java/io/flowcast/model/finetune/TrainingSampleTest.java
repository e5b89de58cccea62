package io.flowcast.model.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.forecast.WindowEncoding;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TrainingSampleTest {

  @Test
  void roundTripsThroughItsBinaryForm() {
    TrainingSample sample = FineTuneFixtures.sample("pump-7", 3, 0.5);

    TrainingSample decoded = TrainingSample.decode(sample.encode());

    assertThat(decoded.sensorId()).isEqualTo("pump-7");
    assertThat(decoded.windowStart()).isEqualTo(sample.windowStart());
    assertThat(decoded.inputs()).isEqualTo(sample.inputs());
    assertThat(decoded.targets()).isEqualTo(sample.targets());
    assertThat(decoded.weights()).isEqualTo(sample.weights());
  }

  /**
   * Found by {@code TrainingSamplePropertiesTest}: the size check summed the horizon in int, so a
   * horizon near Integer.MAX_VALUE overflowed it to a negative size that passed, and the decoder
   * then tried to allocate a float[Integer.MAX_VALUE - 3] (an OutOfMemoryError, not the typed
   * exception) for a 30-byte message.
   */
  @Test
  void aHorizonThatOverflowsTheSizeCheckIsRefusedWithoutAllocatingIt() throws IOException {
    for (int horizon : new int[] {Integer.MAX_VALUE - WindowEncoding.INPUT_SIZE, Integer.MAX_VALUE}) {
      // the header, then one step's inputs: what the decoder reads before the targets
      byte[] bytes = java.util.Arrays.copyOf(header(1, horizon), header(1, horizon).length + 4 * WindowEncoding.INPUT_SIZE);
      assertThatThrownBy(() -> TrainingSample.decode(bytes))
          .as("horizon %d", horizon)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot hold");
    }
  }

  /**
   * Found by {@code TrainingSamplePropertiesTest} once the sum was fixed: steps x bytes per step
   * overflowed the long product itself (here to a negative size), and {@code steps * 3} inputs
   * then gave a NegativeArraySizeException.
   */
  @Test
  void stepsTimesAHorizonThatOverflowALongAreRefused() throws IOException {
    for (int[] shape : new int[][] {{(1 << 30) - 1, Integer.MAX_VALUE}, {1 << 16, 1 << 16}, {Integer.MAX_VALUE, 1}}) {
      byte[] bytes = java.util.Arrays.copyOf(header(shape[0], shape[1]), 400);
      assertThatThrownBy(() -> TrainingSample.decode(bytes))
          .as("%d steps x horizon %d", shape[0], shape[1])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot hold");
    }
  }

  /** A sample's header (format 1, sensor "s", window start 0) and no floats. */
  static byte[] header(int steps, int horizon) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF("s");
      out.writeLong(0);
      out.writeInt(steps);
      out.writeInt(horizon);
    }
    return bytes.toByteArray();
  }
}
