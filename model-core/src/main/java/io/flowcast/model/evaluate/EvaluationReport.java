package io.flowcast.model.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of an evaluation: per file and per series the {@link ForecastErrors} of its online
 * part and the windows flagged, and over everything the means that the {@code EVAL} line prints.
 */
public final class EvaluationReport {
  private final List<EvaluatedSeries> series;
  private final List<ForecastErrors> errors = new ArrayList<>();
  private final ForecastErrors overall;
  private final long rows;
  private final int files;

  public EvaluationReport(List<RecordedFile> files, List<EvaluatedSeries> series) {
    this.series = List.copyOf(series);
    for (EvaluatedSeries s : series) {
      errors.add(ForecastErrors.of(s));
    }
    this.overall = ForecastErrors.meanOf(errors);
    this.rows = files.stream().mapToLong(RecordedFile::rows).sum();
    this.files = files.size();
  }

  /** The means over all series. */
  public ForecastErrors overall() {
    return overall;
  }

  /** Each series' errors, in the order of {@link #series()}. */
  public List<ForecastErrors> errors() {
    return List.copyOf(errors);
  }

  public List<EvaluatedSeries> series() {
    return series;
  }

  /**
   * The last line of {@code flowcast evaluate --data}:
   * {@code EVAL files=<n> rows=<n> mse=<x> mae=<x> mse_persistence=<x> mae_persistence=<x> coverage=<x> seconds=<x>}.
   */
  public String evalLine(double seconds) {
    return String.format(Locale.ROOT,
        "EVAL files=%d rows=%d mse=%.4f mae=%.4f mse_persistence=%.4f mae_persistence=%.4f coverage=%.4f seconds=%.1f",
        files, rows, overall.mse(), overall.mae(), overall.msePersistence(), overall.maePersistence(),
        overall.coverage(), seconds);
  }

  /** Per series: its file, column, errors and flagged windows. */
  public List<Map<String, Object>> seriesFields() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      EvaluatedSeries s = series.get(i);
      RecordedSeries recorded = s.series();
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("file", recorded.file().name());
      json.put("column", recorded.file().valueColumns().get(recorded.column()));
      json.put("windows", recorded.windows().size());
      json.put("online_from_window", s.onlineStartWindow());
      json.putAll(errors.get(i).jsonFields());
      int flagged = 0;
      for (int w = s.onlineStartWindow(); w < s.emitted(); w++) {
        flagged += s.flagged(w) ? 1 : 0;
      }
      json.put("flagged_online_windows", flagged);
      list.add(json);
    }
    return list;
  }
}
