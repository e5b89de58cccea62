package io.flowcast.flink.ingest;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary {@link Decoder} over one message that refuses string and bytes lengths and collection
 * counts larger than the whole message: none can be genuine, and Avro would otherwise allocate
 * whatever a corrupt length says (up to gigabytes) before finding out that the bytes are missing.
 */
final class BoundedDecoder extends Decoder {
  private final BinaryDecoder in;
  private final int messageSize;

  /** @param messageSize the size of the message {@code in} reads, the bound of every length */
  BoundedDecoder(BinaryDecoder in, int messageSize) {
    this.in = in;
    this.messageSize = messageSize;
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = checkedLength("string length", in.readLong());
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    in.readFixed(result.getBytes(), 0, length);
    return result;
  }

  @Override
  public String readString() throws IOException {
    return readString(null).toString();
  }

  @Override
  public void skipString() throws IOException {
    in.skipFixed(checkedLength("string length", in.readLong()));
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    byte[] bytes = new byte[checkedLength("bytes length", in.readLong())];
    in.readFixed(bytes);
    return ByteBuffer.wrap(bytes);
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipFixed(checkedLength("bytes length", in.readLong()));
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long readArrayStart() throws IOException {
    return checkedLength("array block count", in.readArrayStart());
  }

  @Override
  public long arrayNext() throws IOException {
    return checkedLength("array block count", in.arrayNext());
  }

  @Override
  public long skipArray() throws IOException {
    return in.skipArray();
  }

  @Override
  public long readMapStart() throws IOException {
    return checkedLength("map block count", in.readMapStart());
  }

  @Override
  public long mapNext() throws IOException {
    return checkedLength("map block count", in.mapNext());
  }

  @Override
  public long skipMap() throws IOException {
    return in.skipMap();
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }

  private int checkedLength(String what, long length) throws IOException {
    if (length < 0 || length > messageSize) {
      throw new IOException(what + " " + length + " is impossible in a message of " + messageSize + " bytes");
    }
    return (int) length;
  }
}
