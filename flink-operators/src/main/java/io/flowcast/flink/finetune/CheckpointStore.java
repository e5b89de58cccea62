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
 * directory ({@code .model-v....<random>.tmp}), synced, then renamed to its final name (one atomic
 * rename for local files). Readers
 * only read announced files and a version is announced only after {@link #publish} returned, so
 * no reader sees a half-written file.
 *
 * <p><b>Version numbers</b>: a publisher numbers a new version above {@link #highestVersion()},
 * the highest version of any file in the directory (announced or not) as well as above what it has
 * seen announced, so the fine-tuner and {@code flowcast model publish} sharing a directory do not
 * pick the same number, and a fine-tuner restored to an earlier Flink checkpoint numbers its next
 * version above the files its failed attempt left (versions then skip numbers; they never repeat).
 * Should a version be published again all the same, a file with the same bytes is left as it is
 * and one with other bytes is replaced through a temporary file.
 *
 * <p><b>Retention</b> is separate from publishing ({@link #retainUpTo}): a publisher calls it with
 * the highest version that is announced for good (for the fine-tuner: the version its completed
 * Flink checkpoint holds), and the store keeps the files of the {@code retain} highest versions up
 * to it and deletes older ones (failed deletes are logged, not thrown). Files of higher versions
 * (not announced yet, or left by an attempt a restore gave up) are never deleted, and neither are
 * files that do not match the naming pattern, the temporary files of other writers included.
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
   * Writes {@code params} as version {@code info.version()} (see the class comment).
   *
   * @throws IOException if the directory or a file cannot be written
   * @throws io.flowcast.model.InvalidParameterException if a value is not finite as a float
   */
  public PublishedCheckpoint publish(ModelParameters params, CheckpointInfo info) throws IOException {
    Map<String, String> extra = CheckpointMetadata.of(info);
    byte[] weights = ModelFiles.toBytes(params, DType.F32, extra);
    FileSystem fs = new Path(directory).getFileSystem();
    Path dir = new Path(directory).makeQualified(fs);
    fs.mkdirs(dir);
    Path file = new Path(dir, fileName(info.version()));
    String sha256 = sha256Hex(weights);
    place(fs, file, weights);
    place(fs, new Path(dir, sidecarName(info.version())), sidecar(params, extra, sha256, file));
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
    if (holds(fs, target, bytes)) {
      return;
    }
    Path temp = new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      FlinkFiles.writeNew(fs, temp, bytes);
      FlinkFiles.replace(fs, temp, target);
    } finally {
      if (fs.exists(temp)) {
        fs.delete(temp, false);
      }
    }
  }

  private static boolean holds(FileSystem fs, Path target, byte[] bytes) throws IOException {
    return fs.exists(target)
        && fs.getFileStatus(target).getLen() == bytes.length
        && Arrays.equals(FlinkFiles.readAll(target, bytes.length), bytes);
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

  /**
   * The highest version of any checkpoint file in the directory, announced or not; 0 for none (or
   * a directory that does not exist yet).
   *
   * @throws IOException if the directory cannot be listed
   */
  public long highestVersion() throws IOException {
    FileSystem fs = new Path(directory).getFileSystem();
    Path dir = new Path(directory).makeQualified(fs);
    return fs.exists(dir) ? versions(fs, dir).keySet().stream().mapToLong(Long::longValue).max().orElse(0) : 0;
  }

  /**
   * Keeps the files of the {@code retain} highest versions up to {@code announced} and deletes those
   * of older versions; files of higher versions stay.
   *
   * @throws IOException if the directory cannot be listed
   */
  public void retainUpTo(long announced) throws IOException {
    FileSystem fs = new Path(directory).getFileSystem();
    Path dir = new Path(directory).makeQualified(fs);
    Map<Long, List<Path>> byVersion = new TreeMap<>(Comparator.reverseOrder());
    byVersion.putAll(versions(fs, dir));
    byVersion.keySet().removeIf(version -> version > announced);
    byVersion.values().stream().skip(retain).flatMap(List::stream).forEach(path -> delete(fs, path));
  }

  /** The checkpoint files of the directory by version. */
  private static Map<Long, List<Path>> versions(FileSystem fs, Path dir) throws IOException {
    Map<Long, List<Path>> byVersion = new TreeMap<>();
    for (FileStatus status : fs.listStatus(dir)) {
      Matcher matcher = CHECKPOINT_FILE.matcher(status.getPath().getName());
      if (matcher.matches()) {
        byVersion.computeIfAbsent(Long.parseLong(matcher.group(1)), v -> new ArrayList<>()).add(status.getPath());
      }
    }
    return byVersion;
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
