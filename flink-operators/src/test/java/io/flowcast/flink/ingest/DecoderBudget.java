package io.flowcast.flink.ingest;

import io.flowcast.model.AllocationBudget;
import java.util.Arrays;

/**
 * Mutations of valid messages, and the allocation budget ({@link AllocationBudget}) of the decoders
 * of outside bytes.
 */
public final class DecoderBudget {
  /**
   * Bytes a decode may allocate per byte of message beyond {@link AllocationBudget#SLACK}: a map
   * entry of a 1-byte key and a double costs a node, a Utf8 and a Double.
   */
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

  /**
   * Runs {@code decode}, checks that it stayed within the budget for a message of
   * {@code messageBytes}, and returns what it threw (null for nothing).
   */
  public static Throwable withinBudget(int messageBytes, AllocationBudget.Decode decode) {
    return AllocationBudget.check(messageBytes, ALLOCATION_PER_BYTE, decode);
  }
}
