package io.flowcast.model.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.AllocationBudget;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link TrainingSample#decode} of any bytes gives a sample or {@link IllegalArgumentException},
 * nothing else, and never allocates more than {@link AllocationBudget} allows (16 bytes per
 * message byte): every array it makes is bounded by the message's length.
 */
class TrainingSamplePropertiesTest {
  @Property(tries = 1000)
  void randomBytesGiveASampleOrTheTypedException(@ForAll @Size(max = 200) byte[] bytes) {
    decodeChecked(bytes);
  }

  @Property(tries = 1000)
  void anyShapeInTheHeaderGivesTheTypedExceptionWithinTheBudget(
      @ForAll int steps, @ForAll int horizon, @ForAll @IntRange(max = 400) int floats) throws Exception {
    byte[] header = TrainingSampleTest.header(steps, horizon);
    decodeChecked(Arrays.copyOf(header, header.length + 4 * floats));
  }

  @Property(tries = 1000)
  void mutatedValidSamplesGiveASampleOrTheTypedException(
      @ForAll("samples") byte[] valid, @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll byte value,
      @ForAll @IntRange(min = 1, max = 4) int count, @ForAll @IntRange(min = 0, max = 8) int cut) {
    byte[] bytes = valid.clone();
    for (int i = 0; i < count; i++) {
      // The first 40 bytes hold the header (format, id, start, shape): mutate them most often.
      int range = i % 2 == 0 ? Math.min(40, bytes.length) : bytes.length;
      bytes[(position + 31 * i) % range] = value;
    }
    decodeChecked(Arrays.copyOf(bytes, Math.max(0, bytes.length - cut)));
  }

  @Provide
  Arbitrary<byte[]> samples() {
    return Arbitraries.integers().between(0, 50)
        .map(i -> FineTuneFixtures.sample("sensor-" + i, i, i * 0.1).encode());
  }

  private static void decodeChecked(byte[] bytes) {
    Throwable thrown = AllocationBudget.check(bytes.length, 16, () -> TrainingSample.decode(bytes));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
