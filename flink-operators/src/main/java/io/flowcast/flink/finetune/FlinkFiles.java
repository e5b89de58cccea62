package io.flowcast.flink.finetune;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;

/** Whole-file reads and durable writes through Flink's {@link FileSystem}. */
final class FlinkFiles {
  private static final int CHUNK_BYTES = 1 << 16;

  private FlinkFiles() {}

  /**
   * All bytes of the file at {@code path}.
   *
   * @throws IOException if it cannot be read or holds more than {@code maxBytes}
   */
  static byte[] readAll(Path path, long maxBytes) throws IOException {
    FileSystem fs = path.getFileSystem();
    long length = fs.getFileStatus(path).getLen();
    if (length > maxBytes) {
      throw new IOException(path + " has " + length + " bytes, more than the limit of " + maxBytes);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) length);
    try (InputStream in = fs.open(path)) {
      byte[] chunk = new byte[CHUNK_BYTES];
      for (int n; (n = in.read(chunk)) >= 0; ) {
        bytes.write(chunk, 0, n);
        if (bytes.size() > maxBytes) {
          throw new IOException(path + " grew beyond the limit of " + maxBytes + " bytes while read");
        }
      }
    }
    return bytes.toByteArray();
  }

  /** Writes a new file (it must not exist) and syncs it to stable storage before closing it. */
  static void writeNew(FileSystem fs, Path path, byte[] bytes) throws IOException {
    try (FSDataOutputStream out = fs.create(path, WriteMode.NO_OVERWRITE)) {
      out.write(bytes);
      out.flush();
      out.sync();
    }
  }
}
