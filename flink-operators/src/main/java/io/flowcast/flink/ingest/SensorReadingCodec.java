package io.flowcast.flink.ingest;

import io.flowcast.schemas.SensorReading;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Plain Avro binary encoding of {@link SensorReading} (no header, no schema fingerprint), the
 * format of the readings topic. Serializable so that Flink functions can hold one; the Avro reader
 * and writer are created on first use. Not thread-safe: one instance per function instance.
 */
public final class SensorReadingCodec implements Serializable {
  private static final long serialVersionUID = 1L;

  private transient BoundedAvroReader<SensorReading> reader;
  private transient SpecificDatumWriter<SensorReading> writer;
  private transient BinaryEncoder encoder;

  /**
   * Decodes one record that must span all of {@code bytes}.
   *
   * @throws IOException if the bytes are not a SensorReading (including any length or count that
   *     exceeds the input, see {@link BoundedAvroReader}), or bytes are left over after one
   */
  public SensorReading decode(byte[] bytes) throws IOException {
    if (reader == null) {
      reader = new BoundedAvroReader<>(SensorReading.class);
    }
    return reader.read(bytes);
  }

  /** Encodes one record. */
  public byte[] encode(SensorReading reading) {
    if (writer == null) {
      writer = new SpecificDatumWriter<>(SensorReading.class);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    encoder = EncoderFactory.get().binaryEncoder(out, encoder);
    try {
      writer.write(reading, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode " + reading, e);
    }
    return out.toByteArray();
  }
}
