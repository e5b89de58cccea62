package io.flowcast.flink.forecast;

import io.flowcast.model.forecast.SensorState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link SensorState} as {@code long lastWindowStart, int n, n raw floats}: 12 + 4n bytes
 * per sensor on the heap backend's snapshots and in RocksDB alike.
 */
public final class SensorStateSerializer extends TypeSerializerSingleton<SensorState> {
  private static final long serialVersionUID = 1L;

  /** The only instance. */
  public static final SensorStateSerializer INSTANCE = new SensorStateSerializer();

  /** Bytes of one serialised sensor holding {@code floats} values. */
  public static int serializedBytes(int floats) {
    return Long.BYTES + Integer.BYTES + Float.BYTES * floats;
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public SensorState createInstance() {
    return new SensorState(SensorState.NO_WINDOW, new float[0]);
  }

  @Override
  public SensorState copy(SensorState from) {
    return new SensorState(from.lastWindowStart(), from.values().clone());
  }

  @Override
  public SensorState copy(SensorState from, SensorState reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(SensorState record, DataOutputView target) throws IOException {
    float[] values = record.values();
    target.writeLong(record.lastWindowStart());
    target.writeInt(values.length);
    for (float value : values) {
      target.writeFloat(value);
    }
  }

  @Override
  public SensorState deserialize(DataInputView source) throws IOException {
    long lastWindowStart = source.readLong();
    float[] values = new float[source.readInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = source.readFloat();
    }
    return new SensorState(lastWindowStart, values);
  }

  @Override
  public SensorState deserialize(SensorState reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    target.writeLong(source.readLong());
    int n = source.readInt();
    target.writeInt(n);
    target.write(source, Float.BYTES * n);
  }

  @Override
  public TypeSerializerSnapshot<SensorState> snapshotConfiguration() {
    return new SensorStateSerializerSnapshot();
  }

  /** Serializer snapshot: the format has a single version so far. */
  public static final class SensorStateSerializerSnapshot
      extends SimpleTypeSerializerSnapshot<SensorState> {
    public SensorStateSerializerSnapshot() {
      super(() -> INSTANCE);
    }
  }
}
