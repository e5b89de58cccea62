package io.flowcast.flink.finetune;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.FileSystem.WriteMode;
import org.apache.flink.core.fs.Path;

/** Whole-file reads, durable writes and replacing renames through Flink's {@link FileSystem}. */
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

  /**
   * Renames {@code source} over {@code target}. Local files are moved with one atomic rename
   * ({@code rename(2)}): Flink's local rename deletes an existing target first, which would leave
   * a moment without the file. File systems that do not rename over an existing file (HDFS, object
   * stores) get the target deleted first.
   *
   * @throws IOException if the rename fails
   */
  static void replace(FileSystem fs, Path source, Path target) throws IOException {
    if ("file".equals(target.toUri().getScheme())) {
      Files.move(Paths.get(source.toUri()), Paths.get(target.toUri()), StandardCopyOption.ATOMIC_MOVE);
    } else if (!fs.rename(source, target) && !(fs.delete(target, false) && fs.rename(source, target))) {
      throw new IOException("could not rename " + source + " to " + target);
    }
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
