package io.flowcast.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorState;
import io.flowcast.model.forecast.StateShape;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SensorStateSerializerTest {
  private final SensorStateSerializer serializer = SensorStateSerializer.INSTANCE;

  // format 2 adds the 8-byte shape: 12 + 4n bytes became 20 + 4n
  @Test
  void roundTripsTheShapeAndRawFloatsIncludingNaNAndTakesTwentyPlusFourNBytes() throws Exception {
    long shape = new StateShape(CellType.GRU, 2, 64, 3, 3, 0).code();
    SensorState state = new SensorState(123_456_789_000L, shape, new float[] {1.5f, -0f, Float.NaN, 3e-38f});
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(state, out);
    assertThat(out.length()).isEqualTo(SensorStateSerializer.serializedBytes(4)).isEqualTo(36);

    SensorState back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back.lastWindowStart()).isEqualTo(123_456_789_000L);
    assertThat(back.shape()).isEqualTo(shape);
    assertThat(back.values()).containsExactly(state.values());
    assertThat(serializer.copy(state).shape()).isEqualTo(shape);

    DataOutputSerializer copied = new DataOutputSerializer(64);
    serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    assertThat(copied.getCopyOfBuffer()).containsExactly(out.getCopyOfBuffer());
  }

  @Test
  void theDemoModelsSensorTakesThe708BytesReadmeStates() throws Exception {
    ForecastSettings settings = ForecastSettings.defaults();
    ModelParameters model = ModelSource.file(Path.of("..", "examples", "demo-model.safetensors").toString(), 1)
        .load(settings);
    SensorForecaster forecaster =
        new SensorForecaster(RecurrentNetwork.compile(model), settings, 1, StepEngines.java());
    DataOutputSerializer out = new DataOutputSerializer(512);
    serializer.serialize(forecaster.newSensor(), out);
    assertThat(out.length()).isEqualTo(708);
  }

  @Test
  void formatOneReadsTheOldBytesWithAnUnknownShape() throws Exception {
    DataOutputSerializer old = new DataOutputSerializer(64);
    old.writeLong(42L);
    old.writeInt(2);
    old.writeFloat(1f);
    old.writeFloat(Float.NaN);
    SensorState back = SensorStateSerializer.Format1.INSTANCE.deserialize(new DataInputDeserializer(old.getCopyOfBuffer()));
    assertThat(back.lastWindowStart()).isEqualTo(42L);
    assertThat(back.shape()).isEqualTo(StateShape.UNKNOWN);
    assertThat(back.values()).containsExactly(1f, Float.NaN);
    DataOutputSerializer again = new DataOutputSerializer(64);
    SensorStateSerializer.Format1.INSTANCE.serialize(back, again);
    assertThat(again.getCopyOfBuffer()).containsExactly(old.getCopyOfBuffer());
  }

  @Test
  void aFloatCountNoArrayCanHoldIsACorruptStateNotAnAllocationOrACopy() throws Exception {
    for (int count : new int[] {Integer.MAX_VALUE, -1}) {
      DataOutputSerializer corrupt = new DataOutputSerializer(64);
      corrupt.writeLong(42L);
      corrupt.writeLong(StateShape.UNKNOWN);
      corrupt.writeInt(count);
      byte[] bytes = corrupt.getCopyOfBuffer();
      assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(bytes)))
          .isInstanceOf(java.io.IOException.class)
          .hasMessage("corrupt sensor state: " + count + " floats");
      assertThatThrownBy(() -> serializer.copy(new DataInputDeserializer(bytes), new DataOutputSerializer(64)))
          .isInstanceOf(java.io.IOException.class)
          .hasMessage("corrupt sensor state: " + count + " floats");
    }
  }

  /** A snapshot as Flink writes it into a checkpoint and reads it back on restore. */
  private static TypeSerializerSnapshot<SensorState> writtenAndRead(TypeSerializerSnapshot<SensorState> snapshot)
      throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
    return TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), SensorStateSerializerTest.class.getClassLoader());
  }

  @Test
  void theOldSingleFormatSnapshotRestoresThroughFormatOneAndMigrates() throws Exception {
    // what releases before format 2 wrote: SimpleTypeSerializerSnapshot's version 3, no payload
    DataOutputSerializer out = new DataOutputSerializer(128);
    out.writeUTF(SensorStateSerializer.SensorStateSerializerSnapshot.class.getName());
    out.writeInt(3);
    TypeSerializerSnapshot<SensorState> old = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(old.restoreSerializer()).isSameAs(SensorStateSerializer.Format1.INSTANCE);
    assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(old).isCompatibleAfterMigration())
        .isTrue();
    assertThat(writtenAndRead(SensorStateSerializer.Format1.INSTANCE.snapshotConfiguration()).restoreSerializer())
        .isSameAs(SensorStateSerializer.Format1.INSTANCE);
  }

  @Test
  void aFormatTwoSnapshotIsCompatibleAsIsAndOthersAreNot() throws Exception {
    TypeSerializerSnapshot<SensorState> current = writtenAndRead(serializer.snapshotConfiguration());
    assertThat(current.getCurrentVersion()).isEqualTo(4);
    assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(current).isCompatibleAsIs()).isTrue();
    assertThat(SensorStateSerializer.Format1.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(current)
        .isIncompatible()).as("a newer format than the reader's").isTrue();
    DataOutputSerializer future = new DataOutputSerializer(128);
    future.writeUTF(SensorStateSerializer.SensorStateSerializerSnapshot.class.getName());
    future.writeInt(4);
    future.writeInt(SensorStateSerializer.FORMAT + 1);
    assertThatThrownBy(() -> TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(future.getCopyOfBuffer()), getClass().getClassLoader()))
        .isInstanceOf(IOException.class).hasMessageContaining("format 3");
  }

  @Test
  void copiesAreIndependent() {
    SensorState state = new SensorState(1, new float[] {1f});
    SensorState copy = serializer.copy(state);
    copy.values()[0] = 2f;
    assertThat(state.values()[0]).isEqualTo(1f);
  }

  @Test
  void itsSnapshotRestoresTheSameSerializer() {
    assertThat(serializer.snapshotConfiguration().restoreSerializer()).isSameAs(serializer);
    assertThat(((SensorStateSerializer.SensorStateSerializerSnapshot) serializer.snapshotConfiguration()).format())
        .isEqualTo(2);
  }
}
