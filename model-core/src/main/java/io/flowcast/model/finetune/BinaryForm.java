package io.flowcast.model.finetune;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writing and reading the binary forms of the fine-tuner's state: a whole form from or to a byte
 * array, where any read problem (truncation, a bad length, trailing bytes) is an {@link
 * IllegalArgumentException}, and length-prefixed blocks inside a form.
 */
final class BinaryForm {
  /** Writes a form. */
  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  /** Reads a form. */
  interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private BinaryForm() {}

  /** The bytes {@code writer} writes. */
  static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * What {@code reader} reads from the whole of {@code bytes}.
   *
   * @throws IllegalArgumentException naming {@code what} if the bytes are truncated or have bytes
   *     left over
   */
  static <T> T read(byte[] bytes, String what, Reader<T> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      T value = reader.read(in);
      if (in.available() != 0) {
        throw new IllegalArgumentException(what + " has " + in.available() + " trailing bytes");
      }
      return value;
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated or corrupt " + what + " of " + bytes.length + " bytes", e);
    }
  }

  /** Writes {@code block} with its length in front. */
  static void writeBlock(DataOutputStream out, byte[] block) throws IOException {
    out.writeInt(block.length);
    out.write(block);
  }

  /** Reads a block of {@link #writeBlock}. */
  static byte[] readBlock(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("block of " + length + " bytes where " + in.available() + " are left");
    }
    byte[] block = new byte[length];
    in.readFully(block);
    return block;
  }
}
