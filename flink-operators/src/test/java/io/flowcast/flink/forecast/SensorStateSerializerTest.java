package io.flowcast.flink.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorState;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import java.nio.file.Path;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SensorStateSerializerTest {
  private final SensorStateSerializer serializer = SensorStateSerializer.INSTANCE;

  @Test
  void roundTripsRawFloatsIncludingNaNAndTakesTwelvePlusFourNBytes() throws Exception {
    SensorState state = new SensorState(123_456_789_000L, new float[] {1.5f, -0f, Float.NaN, 3e-38f});
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(state, out);
    assertThat(out.length()).isEqualTo(SensorStateSerializer.serializedBytes(4)).isEqualTo(28);

    SensorState back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back.lastWindowStart()).isEqualTo(123_456_789_000L);
    assertThat(back.values()).containsExactly(state.values());

    DataOutputSerializer copied = new DataOutputSerializer(64);
    serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    assertThat(copied.getCopyOfBuffer()).containsExactly(out.getCopyOfBuffer());
  }

  @Test
  void theDemoModelsSensorTakesThe304BytesReadmeStates() throws Exception {
    ForecastSettings settings = ForecastSettings.defaults();
    ModelParameters model = ModelSource.file(Path.of("..", "examples", "demo-model.safetensors").toString(), 1)
        .load(settings);
    SensorForecaster forecaster =
        new SensorForecaster(RecurrentNetwork.compile(model), settings, 1, StepEngines.java());
    DataOutputSerializer out = new DataOutputSerializer(512);
    serializer.serialize(new SensorState(0, forecaster.newSensorState()), out);
    assertThat(out.length()).isEqualTo(304);
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
  }
}
