package io.flowcast.flink.forecast;

import io.flowcast.model.forecast.SensorState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;

/** What {@link SensorStateSerializer}'s formats share: the in-memory side of a {@link SensorState}. */
abstract class SensorStateSerializerBase extends TypeSerializerSingleton<SensorState> {
  private static final long serialVersionUID = 1L;

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
    return new SensorState(from.lastWindowStart(), from.shape(), from.values().clone());
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
  public SensorState deserialize(SensorState reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }
}

