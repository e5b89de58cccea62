package io.flowcast.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/** Mutations of valid messages, and the allocation budget of the decoders of outside bytes. */
public final class DecoderBudget {
  /**
   * Fixed overhead a decode may allocate whatever the message (decoder, record, an exception's
   * stack trace and message); beyond it, 64 bytes per byte of message (a map entry of a 1-byte
   * key and a double costs a node, a Utf8 and a Double).
   */
  public static final long ALLOCATION_SLACK = 1L << 20;
  public static final long ALLOCATION_PER_BYTE = 64;

  private DecoderBudget() {}

  /**
   * {@code count} bytes of {@code valid} set to {@code value} from {@code position} on (the first
   * 16 bytes, the lengths and the id, every other time), then {@code cut} bytes cut off the end
   * (a negative cut appends as many bytes of {@code value}).
   */
  public static byte[] mutate(byte[] valid, int position, byte value, int count, int cut) {
    byte[] bytes = valid.clone();
    for (int i = 0; i < count && bytes.length > 0; i++) {
      int range = i % 2 == 0 ? Math.min(16, bytes.length) : bytes.length;
      bytes[(position + 31 * i) % range] = value;
    }
    if (cut < 0) {
      byte[] longer = Arrays.copyOf(bytes, bytes.length - cut);
      Arrays.fill(longer, bytes.length, longer.length, value);
      return longer;
    }
    return Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));
  }

  /** Something a decoder does. */
  public interface Decode {
    void run() throws Exception;
  }

  /**
   * Runs {@code decode} (a second time, measured), checks that it allocated no more than the budget for a message of
   * {@code messageBytes}, and returns what it threw (null for nothing).
   */
  public static Throwable withinBudget(int messageBytes, Decode decode) {
    catchThrowable(decode::run); // once untimed: class loading and one-off set-up are not the message's doing
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    Throwable thrown = catchThrowable(decode::run);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).as("bytes allocated decoding %d bytes", messageBytes)
        .isLessThanOrEqualTo(ALLOCATION_SLACK + ALLOCATION_PER_BYTE * messageBytes);
    return thrown;
  }
}
