package io.flowcast.flink.dashboard;

import io.flowcast.schemas.Forecast;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/** Forecast records of one-minute windows for the dashboard's tests, and their plain Avro bytes. */
final class TestForecasts {
  static final long T0 = 1_764_547_200_000L;
  static final long WINDOW_MS = 60_000;

  private TestForecasts() {}

  /** Window {@code window} of {@code sensor}: actual 20 + window + 0.25, interval +-2 around the forecast. */
  static Forecast forecast(String sensor, int window) {
    return forecast(sensor, window, window == 0 ? null : 0.5, false, 3);
  }

  static Forecast forecast(String sensor, int window, Double score, boolean anomaly, long modelVersion) {
    double level = 20 + window;
    return Forecast.newBuilder()
        .setSensorId(sensor)
        .setWindowStart(Instant.ofEpochMilli(T0 + window * WINDOW_MS))
        .setWindowEnd(Instant.ofEpochMilli(T0 + (window + 1) * WINDOW_MS))
        .setForecasts(List.of(level, level + 0.5, level + 1))
        .setLower(List.of(level - 2, level - 2.5, level - 3))
        .setUpper(List.of(level + 2, level + 3.5, level + 5))
        .setActual(level + 0.25)
        .setResidual(score == null ? null : 0.25)
        .setAnomalyScore(score)
        .setAnomaly(anomaly)
        .setModelVersion(modelVersion)
        .build();
  }

  static <T extends SpecificRecord> byte[] encode(T record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
