package io.flowcast.model.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Strict safetensors reader with size limits. Immutable and thread-safe.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON header, then
 * the data buffer. Everything that does not follow the format is rejected with a {@link
 * WeightFileException}: a file shorter than 8 bytes or larger than {@link #maxFileBytes()}, N
 * larger than the file or {@link #maxHeaderBytes()}, a header that is not strict UTF-8 JSON (an
 * object, no duplicate keys), unknown dtypes, negative or non-integer dimensions, offsets with end
 * &lt; begin or past the data buffer, byte lengths that do not equal elements times dtype size,
 * overlapping ranges, gaps, or bytes after the last tensor (the last three as the reference
 * implementation). A {@code __metadata__} entry must map strings to strings. Unknown keys inside a
 * tensor entry are ignored. A file whose length prefix cannot be right and whose first bytes show
 * another format ({@code torch.save} zip or pickle, JSON, ONNX, empty, ...; see {@code
 * ForeignFormat}) is reported in one line saying what it is and that {@code
 * safetensors.torch.save_file(model.state_dict(), path)} writes what this reader reads.
 */
public final class SafetensorsReader {
  /** Default limit on the whole file: 1 GiB. */
  public static final long DEFAULT_MAX_FILE_BYTES = 1L << 30;

  /** Default limit on the JSON header: 100 MB, as the reference implementation. */
  public static final long DEFAULT_MAX_HEADER_BYTES = 100_000_000L;

  /** Largest limit: what a Java byte array can hold. */
  public static final long MAX_SUPPORTED_FILE_BYTES = Integer.MAX_VALUE - 8;

  private static final int LENGTH_PREFIX = 8;

  private final long maxFileBytes;
  private final long maxHeaderBytes;

  /** A reader with the default limits. */
  public SafetensorsReader() {
    this(DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_HEADER_BYTES);
  }

  private SafetensorsReader(long maxFileBytes, long maxHeaderBytes) {
    if (maxFileBytes < LENGTH_PREFIX || maxFileBytes > MAX_SUPPORTED_FILE_BYTES) {
      throw new IllegalArgumentException(
          "maxFileBytes must be in [8, " + MAX_SUPPORTED_FILE_BYTES + "], got " + maxFileBytes);
    }
    if (maxHeaderBytes < 2) {
      throw new IllegalArgumentException("maxHeaderBytes must be >= 2, got " + maxHeaderBytes);
    }
    this.maxFileBytes = maxFileBytes;
    this.maxHeaderBytes = maxHeaderBytes;
  }

  /** A copy with another file size limit (at most {@link #MAX_SUPPORTED_FILE_BYTES}). */
  public SafetensorsReader withMaxFileBytes(long limit) {
    return new SafetensorsReader(limit, maxHeaderBytes);
  }

  /** A copy with another header size limit. */
  public SafetensorsReader withMaxHeaderBytes(long limit) {
    return new SafetensorsReader(maxFileBytes, limit);
  }

  public long maxFileBytes() {
    return maxFileBytes;
  }

  public long maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /**
   * Reads and validates a file.
   *
   * @throws WeightFileException if the file is larger than the limit or malformed
   * @throws IOException if the file cannot be read
   */
  public SafetensorsFile read(Path path) throws IOException {
    long size = Files.size(path);
    if (size > maxFileBytes) {
      throw tooLarge(size);
    }
    try (InputStream in = Files.newInputStream(path)) {
      return read(in);
    }
  }

  /**
   * Reads the stream to its end (stopping with an error past the size limit) and validates it. The
   * stream is not closed.
   *
   * @throws WeightFileException if the content is larger than the limit or malformed
   * @throws IOException if the stream fails
   */
  public SafetensorsFile read(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes((int) maxFileBytes + 1);
    if (bytes.length > maxFileBytes) {
      throw new WeightFileException(
          "file is larger than the limit of " + maxFileBytes + " bytes");
    }
    return fromBytes(bytes);
  }

  /**
   * Validates an in-memory file. The array is kept (not copied) for lazy decoding: do not modify
   * it afterwards.
   *
   * @throws WeightFileException if the content is larger than the limit or malformed
   */
  public SafetensorsFile fromBytes(byte[] bytes) throws WeightFileException {
    if (bytes.length > maxFileBytes) {
      throw tooLarge(bytes.length);
    }
    long headerLength =
        bytes.length < LENGTH_PREFIX
            ? -1
            : ByteBuffer.wrap(bytes, 0, LENGTH_PREFIX).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength < 0 || headerLength > bytes.length - LENGTH_PREFIX) {
      Optional<String> foreign = ForeignFormat.recognise(bytes);
      if (foreign.isPresent()) {
        throw new WeightFileException(ForeignFormat.message(foreign.get()));
      }
    }
    if (bytes.length < LENGTH_PREFIX) {
      throw new WeightFileException(
          "file has " + bytes.length + " bytes, shorter than the 8-byte header length");
    }
    if (headerLength < 0 || headerLength > maxHeaderBytes) {
      throw new WeightFileException(
          "header length "
              + Long.toUnsignedString(headerLength)
              + " exceeds the limit of "
              + maxHeaderBytes
              + " bytes");
    }
    if (headerLength > bytes.length - LENGTH_PREFIX) {
      throw new WeightFileException(
          "header length "
              + headerLength
              + " exceeds the "
              + (bytes.length - LENGTH_PREFIX)
              + " bytes after the length prefix (file truncated?)");
    }
    int dataStart = LENGTH_PREFIX + (int) headerLength;
    HeaderCodec.Header header =
        HeaderCodec.parse(bytes, LENGTH_PREFIX, (int) headerLength, bytes.length - dataStart);
    return new SafetensorsFile(bytes, dataStart, header.tensors(), header.metadata());
  }

  private WeightFileException tooLarge(long size) {
    return new WeightFileException(
        "file has " + size + " bytes, larger than the limit of " + maxFileBytes + " bytes");
  }
}
