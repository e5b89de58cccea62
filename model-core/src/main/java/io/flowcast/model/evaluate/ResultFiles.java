package io.flowcast.model.evaluate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an evaluation's results, one CSV per data file at the same relative path below the
 * output directory, one row per data row in the data's order, with the data's own timestamps:
 *
 * <pre>
 *   timestamp,value,anomaly_score,forecast,lower,upper,anomaly
 * </pre>
 *
 * the format NAB's scorer reads ({@code timestamp}, {@code anomaly_score}). {@code anomaly_score}
 * is the calibrated score of the row's window in [0, 1]; it is 0 on rows not scored (the sensor
 * warming up, a missing reading, or a row whose window had further rows, whose score exists only
 * from its window's last row on). {@code forecast}, {@code lower} and {@code upper} are the
 * forecast for the row's window made before any of its rows arrived, and its nominal prediction
 * interval (empty when there was none). {@code anomaly} is 1 where the score reached the
 * configured threshold. A wide file gets these columns per value column, named
 * {@code <column>_anomaly_score} and so on, and an {@code anomaly_score} column that is the
 * highest of them.
 */
public final class ResultFiles {
  private ResultFiles() {}

  /** Writes the results of {@code series} (all columns of one file, in column order) below {@code out}. */
  public static Path write(Path out, RecordedFile file, List<EvaluatedSeries> series) throws IOException {
    Path target = out.resolve(file.name());
    Files.createDirectories(target.toAbsolutePath().getParent());
    try (BufferedWriter writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      writer.write(header(file));
      writer.newLine();
      StringBuilder line = new StringBuilder();
      for (int row = 0; row < file.rows(); row++) {
        line.setLength(0);
        line.append(csv(file.timeTexts().get(row)));
        float highest = 0;
        for (EvaluatedSeries s : series) {
          highest = Math.max(highest, appendColumns(line, s, row));
        }
        if (file.wide()) {
          line.append(',').append(number(highest));
        }
        writer.write(line.toString());
        writer.newLine();
      }
    }
    return target;
  }

  private static String header(RecordedFile file) {
    if (!file.wide()) {
      return "timestamp,value,anomaly_score,forecast,lower,upper,anomaly";
    }
    StringBuilder header = new StringBuilder(csv(file.timeColumn()));
    for (String column : file.valueColumns()) {
      String c = csv(column);
      header.append(',').append(c).append(',').append(csv(column + "_anomaly_score")).append(',')
          .append(csv(column + "_forecast")).append(',').append(csv(column + "_lower")).append(',')
          .append(csv(column + "_upper")).append(',').append(csv(column + "_anomaly"));
    }
    return header.append(",anomaly_score").toString();
  }

  /** Appends one series' columns for a data row; returns its score. */
  private static float appendColumns(StringBuilder line, EvaluatedSeries s, int row) {
    RecordedSeries recorded = s.series();
    double value = recorded.file().values()[recorded.column()][row];
    int window = recorded.rowWindow()[row];
    float score = window >= 0 && recorded.closesWindow()[row] ? rowScore(s.score(window)) : 0f;
    line.append(',').append(Double.isNaN(value) ? "" : number(value)).append(',').append(number(score));
    if (window >= 0) {
      line.append(',').append(number(s.forecastFor(window)))
          .append(',').append(number(s.lowerFor(window)))
          .append(',').append(number(s.upperFor(window)));
    } else {
      line.append(",,,");
    }
    line.append(',').append(window >= 0 && recorded.closesWindow()[row] && s.flagged(window) ? '1' : '0');
    return score;
  }

  private static float rowScore(float score) {
    return Float.isNaN(score) ? 0f : score;
  }

  /** Shortest text that reads back as the same value; empty for NaN. */
  private static String number(double value) {
    return Double.isNaN(value) ? "" : String.valueOf(value);
  }

  private static String number(float value) {
    return Float.isNaN(value) ? "" : String.valueOf(value);
  }

  private static String csv(String text) {
    return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
  }
}
