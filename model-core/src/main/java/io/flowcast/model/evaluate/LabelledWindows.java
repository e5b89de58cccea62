package io.flowcast.model.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowcast.model.history.HistoryFormatException;
import io.flowcast.model.history.Timestamps;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Labelled anomaly windows in NAB's {@code combined_windows.json} form,
 * {@code {"<category>/<file>.csv": [["start", "end"], ...]}}, for plots.
 */
public final class LabelledWindows {
  private final Map<String, List<List<String>>> windows;
  private final Path source;

  private LabelledWindows(Path source, Map<String, List<List<String>>> windows) {
    this.source = source;
    this.windows = windows;
  }

  /**
   * Reads a labels file.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IOException if it cannot be read
   * @throws HistoryFormatException naming the file and line, if it is not JSON of that form
   */
  public static LabelledWindows read(Path file) throws IOException, HistoryFormatException {
    Map<String, List<List<String>>> windows;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      windows = new ObjectMapper().readValue(reader, new TypeReference<>() {});
    } catch (JsonProcessingException e) {
      // not the caller's IOException: a bad file, named with its line, on one line
      throw new HistoryFormatException(file, e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr()),
          "not labelled windows ({\"<file>.csv\": [[\"start\", \"end\"], ...]}): "
              + String.valueOf(e.getOriginalMessage()).replaceAll("\\s*\\R\\s*", " "));
    }
    if (windows == null) {
      throw new HistoryFormatException(file, 0, "not labelled windows: null");
    }
    return new LabelledWindows(file, windows);
  }

  /**
   * The windows of {@code name} (a data file's relative path) as {start, end} epoch milliseconds,
   * inclusive; none if the file is not labelled.
   *
   * @throws HistoryFormatException if a window is not two timestamps
   */
  public List<long[]> of(String name) throws HistoryFormatException {
    List<long[]> result = new ArrayList<>();
    for (List<String> window : windows.getOrDefault(name, List.of())) {
      if (window.size() != 2) {
        throw new HistoryFormatException(source, 0, name + ": a window must be [start, end], got " + window);
      }
      try {
        result.add(new long[] {Timestamps.parseMillis(window.get(0)), Timestamps.parseMillis(window.get(1))});
      } catch (IllegalArgumentException e) {
        throw new HistoryFormatException(source, 0, name + ": " + e.getMessage());
      }
    }
    return result;
  }
}
