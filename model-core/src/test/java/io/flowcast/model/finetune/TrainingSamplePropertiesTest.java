package io.flowcast.model.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.management.ManagementFactory;
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
 * nothing else, and never allocates more than a small multiple of the message: every array it
 * makes is bounded by the message's length.
 */
class TrainingSamplePropertiesTest {
  /**
   * Fixed overhead a decode may allocate whatever the message (streams, the id, the record, an
   * exception's stack trace and message): what must never happen is an allocation that a length
   * in the message asks for.
   */
  private static final long ALLOCATION_SLACK = 1L << 20;

  private static boolean warm;

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
    if (!warm) { // class loading counts against the first decode only
      warm = true;
      decodeChecked(FineTuneFixtures.sample("warm-up", 0, 0).encode());
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    Throwable thrown = catchThrowable(() -> TrainingSample.decode(bytes));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(allocated).as("bytes allocated decoding %d bytes", bytes.length)
        .isLessThanOrEqualTo(ALLOCATION_SLACK + 16L * bytes.length);
  }
}
