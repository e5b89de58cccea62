package io.flowcast.model.finetune;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded memory of the fine-tuner, across sensors: the newest {@code validationSize} samples
 * are the validation slice (first in, first out); the sample each new one pushes out of the slice
 * enters a reservoir of {@code capacity} training samples by Algorithm R, so that the reservoir is a
 * uniform sample of every sample that ever entered it and no sensor dominates beyond its share of
 * the stream. The draw for the n-th entering sample is a function of the seed and n alone, so the
 * buffer's state is its contents and its count ({@link #encode()}), with no random generator to keep.
 * Not thread-safe.
 */
public final class ReplayBuffer {
  private static final byte FORMAT = 1;

  private final int capacity;
  private final int validationSize;
  private final long seed;
  private final ArrayList<TrainingSample> reservoir;
  private final ArrayDeque<TrainingSample> validation;
  private long seen;

  /**
   * @param capacity training samples kept, &gt;= 1
   * @param validationSize newest samples held out, &gt;= 1
   * @param seed seed of the reservoir draws
   */
  public ReplayBuffer(int capacity, int validationSize, long seed) {
    if (capacity < 1 || validationSize < 1) {
      throw new IllegalArgumentException(
          "replay buffer needs capacity and validation size >= 1, got " + capacity + " and " + validationSize);
    }
    this.capacity = capacity;
    this.validationSize = validationSize;
    this.seed = seed;
    this.reservoir = new ArrayList<>(Math.min(capacity, 1 << 16));
    this.validation = new ArrayDeque<>(validationSize + 1);
  }

  /** Adds the newest sample; the oldest validation sample, if the slice was full, enters the reservoir. */
  public void add(TrainingSample sample) {
    validation.addLast(sample);
    seen++;
    if (validation.size() > validationSize) {
      offer(validation.removeFirst());
    }
  }

  private void offer(TrainingSample sample) {
    long entered = seen - validationSize; // this sample is the entered-th to enter the reservoir
    if (reservoir.size() < capacity) {
      reservoir.add(sample);
      return;
    }
    long slot = Seeds.random(seed, entered).nextLong(entered);
    if (slot < capacity) {
      reservoir.set((int) slot, sample);
    }
  }

  /** The training samples (a copy, unmodifiable), in reservoir slot order. */
  public List<TrainingSample> training() {
    return List.copyOf(reservoir);
  }

  /** The validation slice (a copy, unmodifiable), oldest first. */
  public List<TrainingSample> validation() {
    return List.copyOf(validation);
  }

  /** Training samples held. */
  public int trainingSize() {
    return reservoir.size();
  }

  /** Whether the validation slice holds {@code validationSize} samples. */
  public boolean validationFull() {
    return validation.size() == validationSize;
  }

  /** Samples ever added. */
  public long seen() {
    return seen;
  }

  public int capacity() {
    return capacity;
  }

  public int validationSize() {
    return validationSize;
  }

  public long seed() {
    return seed;
  }

  /** The binary form: the settings, the count, then every sample ({@link TrainingSample#encode()}). */
  public byte[] encode() {
    return BinaryForm.write(out -> {
      out.writeByte(FORMAT);
      out.writeInt(capacity);
      out.writeInt(validationSize);
      out.writeLong(seed);
      out.writeLong(seen);
      writeSamples(out, reservoir);
      writeSamples(out, validation);
    });
  }

  /**
   * Reads {@link #encode()}'s form.
   *
   * @throws IllegalArgumentException if the bytes are not a replay buffer of this format
   */
  public static ReplayBuffer decode(byte[] encoded) {
    return BinaryForm.read(encoded, "replay buffer", in -> {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown replay buffer format " + format);
      }
      ReplayBuffer buffer = new ReplayBuffer(in.readInt(), in.readInt(), in.readLong());
      buffer.seen = in.readLong();
      buffer.reservoir.addAll(readSamples(in, buffer.capacity));
      buffer.validation.addAll(readSamples(in, buffer.validationSize));
      long entered = Math.max(0, buffer.seen - buffer.validationSize);
      if (buffer.validation.size() != Math.min(buffer.seen, buffer.validationSize)
          || buffer.reservoir.size() != Math.min(entered, buffer.capacity)) {
        throw new IllegalArgumentException("replay buffer of " + buffer.seen + " samples seen holds "
            + buffer.reservoir.size() + " training and " + buffer.validation.size() + " validation samples");
      }
      return buffer;
    });
  }

  private static void writeSamples(DataOutputStream out, Iterable<TrainingSample> samples) throws IOException {
    List<byte[]> encoded = new ArrayList<>();
    samples.forEach(sample -> encoded.add(sample.encode()));
    out.writeInt(encoded.size());
    for (byte[] sample : encoded) {
      BinaryForm.writeBlock(out, sample);
    }
  }

  private static List<TrainingSample> readSamples(DataInputStream in, int limit) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > limit) {
      throw new IllegalArgumentException("replay buffer section of " + count + " samples (at most " + limit + ")");
    }
    List<TrainingSample> samples = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      samples.add(TrainingSample.decode(BinaryForm.readBlock(in)));
    }
    return samples;
  }
}
