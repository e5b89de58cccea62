package io.flowcast.model.io;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes named tensors and string metadata in the safetensors format.
 *
 * <p>Tensors are laid out contiguously in the map's iteration order (use a {@link
 * java.util.LinkedHashMap}); the compact JSON header lists {@code __metadata__} first (omitted when
 * empty) and is padded with spaces to a multiple of 8 bytes, so the data buffer starts 8-aligned,
 * as in the reference implementation. Values are written little-endian in each tensor's {@link
 * Tensor#dtype()}, which must be {@link DType#F32} or {@link DType#F64}; F32 rounds each double to
 * the nearest float. Values are written as they are (NaN and infinity included).
 */
public final class SafetensorsWriter {
  private static final int CHUNK_BYTES = 1 << 16;

  private SafetensorsWriter() {}

  /**
   * The complete file as bytes.
   *
   * @throws IllegalArgumentException if a dtype is not writable, a name is {@code __metadata__},
   *     or the file would not fit in a byte array
   */
  public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
    Layout layout = layout(tensors, metadata);
    long total = 8L + layout.header.length + layout.dataLength;
    if (total > SafetensorsReader.MAX_SUPPORTED_FILE_BYTES) {
      throw new IllegalArgumentException("file of " + total + " bytes does not fit in a byte array");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
    try {
      write(layout, tensors, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with an in-memory stream
    }
    return out.toByteArray();
  }

  /**
   * Streams the file to {@code out} (not closed, flushed).
   *
   * @throws IllegalArgumentException if a dtype is not writable or a name is {@code __metadata__}
   */
  public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, OutputStream out)
      throws IOException {
    write(layout(tensors, metadata), tensors, out);
    out.flush();
  }

  /**
   * Writes the file to {@code path}: first to a temporary file in the same directory, then moved
   * over {@code path} (atomically where the file system supports it), so readers never see a
   * half-written file.
   *
   * @throws IllegalArgumentException if a dtype is not writable or a name is {@code __metadata__}
   */
  public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, Path path)
      throws IOException {
    Layout layout = layout(tensors, metadata);
    Path absolute = path.toAbsolutePath();
    Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), CHUNK_BYTES)) {
        write(layout, tensors, out);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private record Layout(byte[] header, long dataLength) {}

  private static Layout layout(Map<String, Tensor> tensors, Map<String, String> metadata) {
    List<TensorInfo> infos = new ArrayList<>(tensors.size());
    long offset = 0;
    for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
      String name = entry.getKey();
      Tensor tensor = entry.getValue();
      if (name.equals(HeaderCodec.METADATA_KEY)) {
        throw new IllegalArgumentException("'" + HeaderCodec.METADATA_KEY + "' is reserved");
      }
      if (!tensor.dtype().isWritable()) {
        throw new IllegalArgumentException(
            "tensor '" + name + "': cannot write dtype " + tensor.dtype() + " (writable: F32, F64)");
      }
      long end = offset + (long) tensor.values().length * tensor.dtype().byteSize();
      infos.add(new TensorInfo(name, tensor.dtype(), tensor.shape(), offset, end));
      offset = end;
    }
    return new Layout(HeaderCodec.write(infos, metadata), offset);
  }

  private static void write(Layout layout, Map<String, Tensor> tensors, OutputStream out)
      throws IOException {
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    chunk.putLong(layout.header.length);
    out.write(chunk.array(), 0, chunk.position());
    out.write(layout.header);
    for (Tensor tensor : tensors.values()) {
      double[] values = tensor.values();
      int perChunk = CHUNK_BYTES / tensor.dtype().byteSize();
      for (int from = 0; from < values.length; from += perChunk) {
        int to = Math.min(values.length, from + perChunk);
        chunk.clear();
        ElementCodec.encode(tensor.dtype(), values, from, to, chunk);
        out.write(chunk.array(), 0, chunk.position());
      }
    }
  }
}
