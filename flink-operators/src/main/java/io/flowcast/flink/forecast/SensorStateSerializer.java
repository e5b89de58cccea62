package io.flowcast.flink.forecast;

import io.flowcast.model.forecast.SensorState;
import io.flowcast.model.forecast.StateShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link SensorState} in state format 2: {@code long lastWindowStart, long shape, int n,
 * n raw floats}, 20 + 4n bytes per sensor on the heap backend's snapshots and in RocksDB alike;
 * {@code shape} is the {@link StateShape#code()} the values were written with.
 *
 * <p>Format 1 ({@code long lastWindowStart, int n, n raw floats}, no shape) is what releases before
 * shapes were recorded wrote; its serializer snapshot was a {@code SimpleTypeSerializerSnapshot}
 * of this class (snapshot version 3, nothing written). {@link SensorStateSerializerSnapshot} reads
 * both: a format-1 snapshot restores through {@link Format1}, which reads the old bytes with shape
 * {@link StateShape#UNKNOWN}, and the current serializer reports {@code compatibleAfterMigration},
 * so Flink rewrites the state in format 2 (RocksDB on restore, the heap backend with its next
 * snapshot). No Kryo and no Java serialization of the data, in either format.
 */
public final class SensorStateSerializer extends SensorStateSerializerBase {
  private static final long serialVersionUID = 2L;

  /** The state format this serializer writes. */
  public static final int FORMAT = 2;

  /** The only instance. */
  public static final SensorStateSerializer INSTANCE = new SensorStateSerializer();

  /** Bytes of one serialised sensor holding {@code floats} values. */
  public static int serializedBytes(int floats) {
    return Long.BYTES + Long.BYTES + Integer.BYTES + Float.BYTES * floats;
  }

  @Override
  public void serialize(SensorState record, DataOutputView target) throws IOException {
    target.writeLong(record.lastWindowStart());
    target.writeLong(record.shape());
    writeValues(record.values(), target);
  }

  @Override
  public SensorState deserialize(DataInputView source) throws IOException {
    long lastWindowStart = source.readLong();
    long shape = source.readLong();
    return new SensorState(lastWindowStart, shape, readValues(source));
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    target.writeLong(source.readLong());
    target.writeLong(source.readLong());
    copyValues(source, target);
  }

  @Override
  public TypeSerializerSnapshot<SensorState> snapshotConfiguration() {
    return new SensorStateSerializerSnapshot(FORMAT);
  }

  /**
   * The floats as one block of big-endian bytes, as {@code writeFloat} would write them one by one
   * except that a NaN keeps its raw bits ({@code floatToRawIntBits}, where {@code writeFloat}
   * writes the canonical NaN):
   * a sensor's state is hundreds of floats, read and written on every window, and the per-float
   * calls were a tenth of the forecasting thread's time at a million sensors on RocksDB.
   */
  private static void writeValues(float[] values, DataOutputView target) throws IOException {
    target.writeInt(values.length);
    byte[] bytes = new byte[Float.BYTES * values.length];
    ByteBuffer.wrap(bytes).asFloatBuffer().put(values);
    target.write(bytes);
  }

  private static float[] readValues(DataInputView source) throws IOException {
    int n = readCount(source);
    byte[] bytes = new byte[Float.BYTES * n];
    source.readFully(bytes);
    float[] values = new float[n];
    ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
    return values;
  }

  private static void copyValues(DataInputView source, DataOutputView target) throws IOException {
    int n = readCount(source);
    target.writeInt(n);
    target.write(source, Float.BYTES * n);
  }

  private static int readCount(DataInputView source) throws IOException {
    int n = source.readInt();
    if (n < 0 || n > Integer.MAX_VALUE / Float.BYTES) {
      throw new IOException("corrupt sensor state: " + n + " floats");
    }
    return n;
  }

  /**
   * Reads and writes state format 1, {@code long lastWindowStart, int n, n raw floats}, of states
   * written before shapes were recorded: only to restore them (their shape is {@link
   * StateShape#UNKNOWN}) until Flink migrates them to {@link SensorStateSerializer}.
   */
  public static final class Format1 extends SensorStateSerializerBase {
    private static final long serialVersionUID = 1L;

    /** The only instance. */
    public static final Format1 INSTANCE = new Format1();

    @Override
    public void serialize(SensorState record, DataOutputView target) throws IOException {
      target.writeLong(record.lastWindowStart());
      writeValues(record.values(), target);
    }

    @Override
    public SensorState deserialize(DataInputView source) throws IOException {
      long lastWindowStart = source.readLong();
      return new SensorState(lastWindowStart, StateShape.UNKNOWN, readValues(source));
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      target.writeLong(source.readLong());
      copyValues(source, target);
    }

    @Override
    public TypeSerializerSnapshot<SensorState> snapshotConfiguration() {
      return new SensorStateSerializerSnapshot(1);
    }
  }

  /**
   * The serializer snapshot: which state format the state was written in. Snapshot versions 1..3
   * are the {@code SimpleTypeSerializerSnapshot} of format 1 (version 2 wrote the class name,
   * version 3 nothing); version 4 writes the format as one int. The class keeps its name, since
   * Flink finds the snapshot class of a restored state by it.
   */
  public static final class SensorStateSerializerSnapshot implements TypeSerializerSnapshot<SensorState> {
    private static final int VERSION = 4;

    private int format;

    /** For Flink's reflective instantiation on restore; {@link #readSnapshot} sets the format. */
    public SensorStateSerializerSnapshot() {
      this(FORMAT);
    }

    SensorStateSerializerSnapshot(int format) {
      this.format = format;
    }

    /** The state format of the serializer this snapshot stands for. */
    public int format() {
      return format;
    }

    @Override
    public int getCurrentVersion() {
      return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeInt(format);
    }

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader userCodeClassLoader)
        throws IOException {
      switch (readVersion) {
        case 2 -> {
          in.readUTF(); // SimpleTypeSerializerSnapshot's class name
          format = 1;
        }
        case 3 -> format = 1;
        case VERSION -> format = in.readInt();
        default -> throw new IOException("unknown sensor-state serializer snapshot version " + readVersion);
      }
      if (format < 1 || format > FORMAT) {
        throw new IOException("sensor state of format " + format + ", this release reads formats 1 to " + FORMAT
            + " (a savepoint of a newer release?)");
      }
    }

    @Override
    public org.apache.flink.api.common.typeutils.TypeSerializer<SensorState> restoreSerializer() {
      return format == 1 ? Format1.INSTANCE : SensorStateSerializer.INSTANCE;
    }

    @Override
    public TypeSerializerSchemaCompatibility<SensorState> resolveSchemaCompatibility(
        TypeSerializerSnapshot<SensorState> oldSerializerSnapshot) {
      if (!(oldSerializerSnapshot instanceof SensorStateSerializerSnapshot old) || old.format > format) {
        return TypeSerializerSchemaCompatibility.incompatible();
      }
      return old.format == format
          ? TypeSerializerSchemaCompatibility.compatibleAsIs()
          : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
    }
  }
}
