package io.flowcast.flink.job;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each record as a line to one file on the TaskManager's file system, replacing the file
 * each time a writer starts (so a restarted attempt leaves only its own lines). Meant for
 * parallelism 1 and small bounded outputs; it takes part in no checkpoint.
 */
final class LineFileSink implements Sink<String> {
  private static final long serialVersionUID = 1L;

  private final String path;

  LineFileSink(String path) {
    this.path = path;
  }

  @Override
  public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
    return new LineWriter(Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8));
  }

  /** Appends lines to the open file; flushes when asked and on close. */
  private static final class LineWriter implements SinkWriter<String> {
    private final BufferedWriter out;

    LineWriter(BufferedWriter out) {
      this.out = out;
    }

    @Override
    public void write(String line, Context context) throws IOException {
      out.write(line);
      out.newLine();
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
