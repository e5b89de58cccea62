package io.flowcast.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.flink.forecast.ModelSource;
import io.flowcast.flink.ingest.SensorReadingCodec;
import io.flowcast.model.CellType;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.ReplayForecast;
import io.flowcast.model.forecast.ReplayWindow;
import io.flowcast.model.forecast.SensorForecaster;
import io.flowcast.model.forecast.SensorReplay;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngines;
import io.flowcast.schemas.Forecast;
import io.flowcast.schemas.SensorReading;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Readings of eight sensors, four a one-minute window, whose window means are exact in binary
 * whatever the order they are summed in, and the forecasts a failure-free run makes of them: the
 * job's per-sensor code replayed offline ({@link SensorReplay}) on the job's settings. A run with
 * failures must commit exactly these forecasts, bit for bit: none lost, none duplicated, each
 * sensor's state continuing exactly.
 */
public final class ExactSensorStream {
  /** The start of window 0. */
  public static final long T0 = 1_700_000_040_000L - 1_700_000_040_000L % 60_000L;
  public static final long WINDOW_MS = 60_000L;
  public static final int SENSORS = 8;
  public static final int READINGS_PER_WINDOW = 4;

  private ExactSensorStream() {}

  /**
   * The job options of the stream (besides the brokers): from the topic's start, one-minute
   * windows, a watermark one second behind, checkpoints every second, a fresh LSTM warmed up
   * after three windows.
   */
  public static List<String> jobArguments(String bootstrapServers) {
    return List.of("--kafka.bootstrap-servers", bootstrapServers,
        "--source.starting-offsets", "earliest",
        "--window.size", "1 min",
        "--watermark.out-of-orderness", "1 s",
        "--watermark.idleness", "1 s",
        "--checkpoint.interval", "1 s",
        "--bundle.interval", "50 ms",
        "--forecast.warm-up-windows", "3");
  }

  /** Exact in binary: every sum of a window's values is exact, whatever the order. */
  private static double value(int sensor, int window, int reading) {
    return 16 * (sensor + 1) + ((window * 7 + reading * 3 + sensor) % 17) / 8.0;
  }

  /** Produces windows {@code fromWindow} (inclusive) to {@code toWindow} (exclusive) to topic readings. */
  public static void produce(String bootstrapServers, int fromWindow, int toWindow) {
    SensorReadingCodec codec = new SensorReadingCodec();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
      for (int w = fromWindow; w < toWindow; w++) {
        for (int r = 0; r < READINGS_PER_WINDOW; r++) {
          long eventTime = T0 + w * WINDOW_MS + r * (WINDOW_MS / READINGS_PER_WINDOW);
          for (int s = 0; s < SENSORS; s++) {
            producer.send(new ProducerRecord<>("readings", codec.encode(new SensorReading(
                "sensor-" + s, Instant.ofEpochMilli(eventTime), value(s, w, r), Map.of()))));
          }
        }
      }
      producer.flush();
    }
  }

  /**
   * Produces other readings to topic readings (for example, bad ones between two {@link #produce}
   * calls), one after the other.
   *
   * @return the offset of each in the topic's one partition
   */
  public static List<Long> produce(String bootstrapServers, List<SensorReading> readings)
      throws InterruptedException, ExecutionException {
    SensorReadingCodec codec = new SensorReadingCodec();
    List<Long> offsets = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
      for (SensorReading reading : readings) {
        offsets.add(producer.send(new ProducerRecord<>("readings", codec.encode(reading))).get().offset());
      }
    }
    return offsets;
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Asserts that {@code committed} are exactly the forecasts of windows 0 to {@code windows} - 1
   * of a failure-free run: one per sensor and window, each with the failure-free run's values.
   */
  public static void assertFailureFreeRun(List<Forecast> committed, int windows) throws Exception {
    Map<String, Forecast> byWindow = new HashMap<>();
    for (Forecast forecast : committed) {
      String key = forecast.getSensorId() + "@" + forecast.getWindowStart().toEpochMilli();
      assertThat(byWindow.put(key, forecast)).as("duplicate forecast " + key).isNull();
    }
    List<ReplayForecast> reference = failureFreeRun(windows);
    assertThat(byWindow).hasSize(reference.size());
    for (ReplayForecast expected : reference) {
      Forecast actual = byWindow.get(expected.window().sensorId() + "@" + expected.window().start());
      assertThat(actual).as("forecast of %s", expected.window()).isNotNull();
      for (int k = 0; k < expected.forecasts().length; k++) {
        assertThat(actual.getForecasts().get(k)).isEqualTo((double) expected.forecasts()[k]);
      }
      assertThat(actual.getActual()).isEqualTo(expected.window().mean());
    }
  }

  /** The same windows through the same per-sensor code, offline, without any restart. */
  private static List<ReplayForecast> failureFreeRun(int windowCount) throws Exception {
    ForecastSettings settings = ForecastStage.settings(
        CommandLineConfiguration.parse(jobArguments("unused").toArray(String[]::new)));
    SensorForecaster forecaster = new SensorForecaster(RecurrentNetwork.compile(
        ModelSource.fresh(CellType.LSTM, 32, 1, 42).load(settings)), settings, 64, StepEngines.java());
    List<ReplayWindow> windows = new ArrayList<>();
    for (int w = 0; w < windowCount; w++) {
      for (int s = 0; s < SENSORS; s++) {
        double sum = 0;
        for (int r = 0; r < READINGS_PER_WINDOW; r++) {
          sum += value(s, w, r);
        }
        long start = T0 + w * WINDOW_MS;
        windows.add(new ReplayWindow("sensor-" + s, start, start + WINDOW_MS, sum / READINGS_PER_WINDOW));
      }
    }
    return new SensorReplay(forecaster, GapPolicy.IMPUTE, 12).replay(windows);
  }
}
