package io.flowcast.flink.forecast;

import static io.flowcast.flink.forecast.ForecastOperatorHarness.SETTINGS;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.finetune.CheckpointInfo;
import io.flowcast.flink.finetune.CheckpointStore;
import io.flowcast.flink.finetune.ModelCheckpoints;
import io.flowcast.flink.finetune.TestModels;
import io.flowcast.flink.window.WindowFeatures;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.finetune.SampleSettings;
import io.flowcast.model.finetune.TrainingSample;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.ModelCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastOperatorHotSwapTest {
  private static final List<String> SENSORS = List.of("a", "b", "c");

  @TempDir Path checkpoints;

  private static KeyedTwoInputStreamOperatorTestHarness<String, WindowFeatures, ModelCheckpoint, Forecast> open(
      ForecastOperatorConfig config, OperatorSubtaskState restoreFrom) throws Exception {
    KeyedTwoInputStreamOperatorTestHarness<String, WindowFeatures, ModelCheckpoint, Forecast> harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(new ForecastOperator(config),
            window -> window.sensorId, announcement -> "", Types.STRING);
    if (restoreFrom != null) {
      harness.initializeState(restoreFrom);
    }
    harness.open();
    return harness;
  }

  private static void feed(KeyedTwoInputStreamOperatorTestHarness<String, WindowFeatures, ModelCheckpoint, Forecast> harness,
      long from, long to) throws Exception {
    for (long t = from; t < to; t++) {
      for (String sensor : SENSORS) {
        harness.processElement1(window(sensor, t));
      }
    }
  }

  private static List<Forecast> forecasts(
      KeyedTwoInputStreamOperatorTestHarness<String, WindowFeatures, ModelCheckpoint, Forecast> harness) {
    List<Forecast> out = new ArrayList<>();
    for (Object record : harness.getOutput()) {
      if (record instanceof StreamRecord<?> stream && stream.getValue() instanceof Forecast forecast) {
        out.add(forecast);
      }
    }
    return out;
  }

  private ModelCheckpoint publish(ModelParameters model, long version) throws Exception {
    return ModelCheckpoints.announcement(new CheckpointStore(checkpoints.toString(), 10)
        .publish(model, CheckpointInfo.manual(version, 1_000)));
  }

  /** The announced file with its first weight overwritten by NaN, announced with the new file's hash. */
  private static ModelCheckpoint withNaN(ModelCheckpoint announcement) throws Exception {
    Path file = Path.of(java.net.URI.create(announcement.getUri().toString()).getPath());
    byte[] bytes = TestModels.withFirstWeightNaN(Files.readAllBytes(file));
    Files.write(file, bytes);
    return ModelCheckpoint.newBuilder(announcement).setSha256(CheckpointStore.sha256Hex(bytes)).build();
  }

  private static ModelParameters lstm(long seed) throws Exception {
    return ModelSource.fresh(CellType.LSTM, 8, 2, seed).load(SETTINGS);
  }

  @Test
  void anAnnouncedVersionServesFromTheNextBundleOnAndSensorsKeepTheirState() throws Exception {
    ForecastOperatorConfig config = ForecastOperatorHarness.config(1);
    var swapped = open(config, null);
    feed(swapped, 0, 20);
    swapped.processElement2(new StreamRecord<>(publish(lstm(7), 3)));
    feed(swapped, 20, 30);

    var frozen = open(config, null);
    feed(frozen, 0, 30);

    List<Forecast> after = forecasts(swapped);
    List<Forecast> reference = forecasts(frozen);
    assertThat(after).hasSameSizeAs(reference).hasSize(90);
    for (int i = 0; i < after.size(); i++) {
      Forecast forecast = after.get(i);
      boolean beforeSwap = forecast.getWindowStart().toEpochMilli() < 20 * ForecastOperatorHarness.WINDOW;
      assertThat(forecast.getModelVersion()).isEqualTo(beforeSwap ? 0 : 3);
      if (beforeSwap) {
        assertThat(forecast.getForecasts()).isEqualTo(reference.get(i).getForecasts());
      } else {
        // another model, but the sensor went on: it is scored against its last forecast
        assertThat(forecast.getForecasts()).isNotEqualTo(reference.get(i).getForecasts());
        assertThat(forecast.getResidual()).isNotNull();
      }
    }
  }

  @Test
  void aCorruptNaNOrOlderAnnouncementIsRejectedAndForecastingGoesOn() throws Exception {
    var harness = open(ForecastOperatorHarness.config(1), null);
    feed(harness, 0, 5);
    ModelCheckpoint good = publish(lstm(7), 4);
    ModelCheckpoint wrongHash = ModelCheckpoint.newBuilder(good).setVersion(5)
        .setSha256("0".repeat(64)).build();
    harness.processElement2(new StreamRecord<>(wrongHash));
    harness.processElement2(new StreamRecord<>(withNaN(publish(lstm(8), 6))));
    feed(harness, 5, 6);
    harness.processElement2(new StreamRecord<>(good));
    harness.processElement2(new StreamRecord<>(publish(lstm(9), 2))); // older than the served 4: ignored
    feed(harness, 6, 7);

    List<Long> versions = forecasts(harness).stream().map(Forecast::getModelVersion).toList();
    assertThat(versions.subList(0, 18)).containsOnly(0L);
    assertThat(versions.subList(18, 21)).containsOnly(4L);
  }

  @Test
  void aRestoreServesTheAnnouncedVersionItWasServing() throws Exception {
    ForecastOperatorConfig config = ForecastOperatorHarness.config(1);
    var before = open(config, null);
    feed(before, 0, 10);
    before.processElement2(new StreamRecord<>(publish(lstm(7), 3)));
    feed(before, 10, 12);
    OperatorSubtaskState snapshot = before.snapshot(1, 1);
    feed(before, 12, 15);
    List<Forecast> uninterrupted = forecasts(before).subList(36, 45);

    var restored = open(config, snapshot);
    feed(restored, 12, 15);
    List<Forecast> afterRestore = forecasts(restored);
    assertThat(afterRestore).hasSize(9);
    for (int i = 0; i < afterRestore.size(); i++) {
      assertThat(afterRestore.get(i).getModelVersion()).isEqualTo(3);
      assertThat(afterRestore.get(i).getForecasts()).isEqualTo(uninterrupted.get(i).getForecasts());
    }
  }

  @Test
  void aNewShapeWithAnotherStateSizeRestartsEachSensor() throws Exception {
    var harness = open(ForecastOperatorHarness.config(1), null);
    feed(harness, 0, 5);
    harness.processElement2(new StreamRecord<>(publish(ModelSource.fresh(CellType.GRU, 4, 1, 1).load(SETTINGS), 2)));
    feed(harness, 5, 6);
    List<Forecast> out = forecasts(harness);
    for (Forecast forecast : out.subList(15, 18)) {
      assertThat(forecast.getModelVersion()).isEqualTo(2);
      assertThat(forecast.getResidual()).as("a restarted sensor has no forecast to score").isNull();
    }
  }

  // each state now records its shape, so this version is served (it was rejected before format 2)
  @Test
  void aNewShapeWhoseStateHasTheSameSizeRestartsItsSensors() throws Exception {
    ForecastOperatorConfig config = ForecastOperatorHarness.config(1).withShapeMismatch(ShapeMismatchPolicy.FAIL);
    var harness = open(config, null); // LSTM 8 x 2: 2 * 2 * 8 floats
    feed(harness, 0, 2);
    harness.processElement2(new StreamRecord<>(publish(ModelSource.fresh(CellType.GRU, 8, 4, 1).load(SETTINGS), 2)));
    feed(harness, 2, 4);
    List<Forecast> out = forecasts(harness);
    for (Forecast forecast : out.subList(6, 9)) {
      assertThat(forecast.getModelVersion()).isEqualTo(2);
      assertThat(forecast.getResidual()).as("a restarted sensor has no forecast to score").isNull();
    }
    assertThat(out.subList(9, 12)).allSatisfy(forecast -> assertThat(forecast.getResidual()).isNotNull());

    // a sensor not seen since the swap still holds the LSTM's state: after a restore it restarts
    // too (the job served that shape itself), even with state.on-shape-mismatch: fail
    var before = open(config, null);
    before.processElement1(window("z", 0));
    before.processElement2(new StreamRecord<>(publish(ModelSource.fresh(CellType.GRU, 8, 4, 1).load(SETTINGS), 3)));
    feed(before, 0, 1);
    OperatorSubtaskState withOldSensor = before.snapshot(2, 2);
    var restored = open(config, withOldSensor);
    restored.processElement1(window("z", 1));
    assertThat(forecasts(restored)).singleElement().satisfies(forecast -> {
      assertThat(forecast.getModelVersion()).isEqualTo(3);
      assertThat(forecast.getResidual()).isNull();
    });
  }

  @Test
  void withSamplesOnItSendsTrainingSamplesCutFromTheSensorsWindows() throws Exception {
    ForecastOperatorConfig config = ForecastOperatorHarness.config(1)
        .withSamples(new SampleSettings(8, 4, 8, false, false, false), 1000);
    var harness = open(config, null);
    feed(harness, 0, 80);
    ConcurrentLinkedQueue<StreamRecord<byte[]>> samples = harness.getSideOutput(ForecastOperator.TRAINING_SAMPLES);
    assertThat(samples).isNotEmpty();
    List<String> sensors = new ArrayList<>();
    for (StreamRecord<byte[]> record : samples) {
      TrainingSample sample = TrainingSample.decode(record.getValue());
      assertThat(sample.steps()).isEqualTo(12);
      assertThat(sample.horizon()).isEqualTo(SETTINGS.horizon());
      sensors.add(sample.sensorId());
    }
    assertThat(sensors).containsAll(SENSORS);
  }
}
