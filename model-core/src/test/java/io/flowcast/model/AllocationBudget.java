package io.flowcast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.management.ManagementFactory;

/**
 * The allocation budget of the decoders of outside bytes: a fixed {@link #SLACK} (buffers, the
 * record, an exception's stack trace and message) plus a few bytes per byte of message. What must
 * never happen is an allocation that a length or count in the message asks for.
 */
public final class AllocationBudget {
  /** Fixed overhead a decode may allocate whatever the message. */
  public static final long SLACK = 1L << 20;

  private AllocationBudget() {}

  /** Something a decoder does. */
  public interface Decode {
    void run() throws Exception;
  }

  /**
   * Runs {@code decode} twice (the first untimed: class loading and one-off set-up are not the
   * message's doing), checks that the second allocated at most {@link #SLACK} + {@code perByte}
   * bytes per byte of a message of {@code messageBytes}, and returns what it threw (null for
   * nothing).
   */
  public static Throwable check(int messageBytes, long perByte, Decode decode) {
    catchThrowable(decode::run);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    Throwable thrown = catchThrowable(decode::run);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allocated).as("bytes allocated decoding %d bytes", messageBytes)
        .isLessThanOrEqualTo(SLACK + perByte * messageBytes);
    return thrown;
  }
}
