package io.flowcast.flink.ingest;

import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads one plain-Avro record of a generated class from a message that must hold exactly that
 * record, with every length and count bounded by the message ({@link BoundedDecoder}), so that
 * corrupt input fails fast instead of allocating what a corrupt length says. Not thread-safe.
 */
public final class BoundedAvroReader<T extends SpecificRecord> {
  private final Class<T> type;
  private final SpecificDatumReader<T> reader;
  private BinaryDecoder decoder;

  public BoundedAvroReader(Class<T> type) {
    this.type = type;
    this.reader = new SpecificDatumReader<>(type);
  }

  /**
   * Decodes one record that must span all of {@code bytes}.
   *
   * @throws IOException if the bytes are not such a record (including any length or count that
   *     exceeds the input, a bad union index, or a collection larger than Avro's limit), or bytes
   *     are left over after one; corrupt input gives nothing else
   */
  public T read(byte[] bytes) throws IOException {
    decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
    T record;
    try {
      record = reader.read(null, new BoundedDecoder(decoder, bytes.length));
    } catch (RuntimeException e) {
      // Avro reports some corruption unchecked: a union index out of range as an
      // ArrayIndexOutOfBoundsException, a block count beyond its limit as an
      // UnsupportedOperationException, and others as AvroRuntimeException.
      throw new IOException("corrupt " + type.getSimpleName() + " of " + bytes.length + " bytes: " + e, e);
    }
    if (!decoder.isEnd()) {
      throw new IOException("trailing bytes after a complete " + type.getSimpleName() + " of " + bytes.length
          + " bytes");
    }
    return record;
  }
}
