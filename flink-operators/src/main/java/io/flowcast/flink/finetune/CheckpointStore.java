package io.flowcast.flink.finetune;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.io.DType;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.io.ModelMetadata;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of versioned model checkpoints at any Flink FileSystem URI (a local path, {@code
 * file://}, {@code s3://}, {@code hdfs://} ...), which every task manager must be able to read.
 * Version {@code v} is {@code model-v<v, 12 digits>.safetensors} (F32, the model's configuration
 * and {@link CheckpointMetadata} in its metadata) and a sidecar {@code model-v<v>.json} holding the
 * same metadata, the file's SHA-256 and URI.
 *
 * <p><b>Durable writes</b>: each file is written under a hidden temporary name in the same
 * directory ({@code .model-v....<random>.tmp}), synced, then renamed to its final name. Readers
 * only read announced files and a version is announced only after {@link #publish} returned, so
 * no reader sees a half-written file.
 *
 * <p><b>Re-publishing a version</b>: if the final file exists with the same bytes it is left as it
 * is. If it exists with other bytes it is replaced (again through a temporary file). That is safe
 * because such a file was never announced: a version is announced only after its Flink checkpoint
 * completed (or, by hand, after this method returned), so a file of a version above the highest
 * announced one is left by an attempt that failed before announcing it (a job restored to an
 * earlier checkpoint re-creates its versions with other weights); no task has loaded it or will
 * for an announcement that was made. One publisher per directory at a time.
 *
 * <p><b>Retention</b>: after each publish the store keeps the files of the {@code retain}
 * highest versions up to the one just published and deletes those of older versions (failed
 * deletes are logged, not thrown). Files of higher versions (left by an attempt a restore gave
 * up) are left alone: they are replaced when their versions are published again. Files that do
 * not match the naming pattern, the temporary files of other writers included, are never touched.
 *
 * @param directory the directory's URI; created if missing
 * @param retain how many versions to keep, at least 1 (keep enough for tasks restoring from an
 *     older Flink checkpoint to reload the version they held)
 */
public record CheckpointStore(String directory, int retain) implements Serializable {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern CHECKPOINT_FILE = Pattern.compile("model-v(\\d{12,18})\\.(safetensors|json)");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** @throws IllegalArgumentException if {@code retain} is below 1 or the directory is blank */
  public CheckpointStore {
    if (directory == null || directory.isBlank()) {
      throw new IllegalArgumentException("the checkpoint directory must be given");
    }
    if (retain < 1) {
      throw new IllegalArgumentException("retain must be at least 1, got " + retain);
    }
  }

  /** The name of version {@code version}'s weights file. */
  public static String fileName(long version) {
    return String.format("model-v%012d.safetensors", version);
  }

  /** The name of version {@code version}'s sidecar. */
  public static String sidecarName(long version) {
    return String.format("model-v%012d.json", version);
  }

  /**
   * Writes {@code params} as version {@code info.version()} (see the class comment), then applies
   * retention.
   *
   * @throws IOException if the directory or a file cannot be written
   * @throws io.flowcast.model.InvalidParameterException if a value is not finite as a float
   */
  public PublishedCheckpoint publish(ModelParameters params, CheckpointInfo info) throws IOException {
    Map<String, String> extra = CheckpointMetadata.of(info);
    byte[] weights = ModelFiles.toBytes(params, DType.F32, extra);
    Path dir = new Path(directory);
    FileSystem fs = dir.getFileSystem();
    fs.mkdirs(dir);
    Path file = new Path(dir, fileName(info.version())).makeQualified(fs);
    String sha256 = sha256Hex(weights);
    place(fs, file, weights);
    place(fs, new Path(dir, sidecarName(info.version())), sidecar(params, extra, sha256, file));
    retain(fs, dir, info.version());
    return new PublishedCheckpoint(file.toString(), sha256, params.config().cell().id(), info);
  }

  /** Lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Puts {@code bytes} at {@code target} through a synced temporary file, unless already there. */
  private static void place(FileSystem fs, Path target, byte[] bytes) throws IOException {
    // a file of another length (a version rewritten after a restore) is replaced, not read
    if (fs.exists(target) && fs.getFileStatus(target).getLen() == bytes.length
        && Arrays.equals(FlinkFiles.readAll(target, bytes.length), bytes)) {
      return;
    }
    Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      FlinkFiles.writeNew(fs, temp, bytes);
      // Some file systems (HDFS, object stores) do not rename over an existing file.
      if (!fs.rename(temp, target) && !(fs.delete(target, false) && fs.rename(temp, target))) {
        throw new IOException("could not rename " + temp + " to " + target);
      }
    } finally {
      if (fs.exists(temp)) {
        fs.delete(temp, false);
      }
    }
  }

  private static byte[] sidecar(ModelParameters params, Map<String, String> extra, String sha256, Path file) {
    Map<String, String> json = new LinkedHashMap<>(ModelMetadata.of(params.config()));
    json.putAll(extra);
    json.put("sha256", sha256);
    json.put("uri", file.toString());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("could not write the sidecar of " + file, e);
    }
  }

  private void retain(FileSystem fs, Path dir, long published) throws IOException {
    Map<Long, List<Path>> byVersion = new TreeMap<>(Comparator.reverseOrder());
    for (FileStatus status : fs.listStatus(dir)) {
      Matcher matcher = CHECKPOINT_FILE.matcher(status.getPath().getName());
      if (matcher.matches()) {
        long version = Long.parseLong(matcher.group(1));
        if (version <= published) {
          byVersion.computeIfAbsent(version, v -> new ArrayList<>()).add(status.getPath());
        }
      }
    }
    byVersion.values().stream().skip(retain).flatMap(List::stream).forEach(path -> delete(fs, path));
  }

  private static void delete(FileSystem fs, Path path) {
    try {
      if (!fs.delete(path, false)) {
        LOG.warn("could not delete old checkpoint file {}", path);
      }
    } catch (IOException e) {
      LOG.warn("could not delete old checkpoint file {}", path, e);
    }
  }
}
