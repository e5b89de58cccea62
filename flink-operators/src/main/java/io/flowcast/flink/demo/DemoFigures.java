package io.flowcast.flink.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link DemoScoreboard} has counted so far (see its class javadoc for the rules).
 *
 * @param readings readings produced
 * @param forecasts forecast records seen, one per sensor and closed window
 * @param anomaliesInjected injected anomalies in windows the job has closed
 * @param injectedDetected those of them flagged by the job
 * @param anomaliesFlagged windows the job flagged, injected or not
 * @param comparedWindows windows in both mean absolute errors
 * @param mae mean absolute one-step residual of the model over the compared windows (NaN if none)
 * @param maePersistence mean absolute error of the persistence forecast (the previous window's
 *     actual) over the same windows (NaN if none)
 */
public record DemoFigures(
    long readings,
    long forecasts,
    int anomaliesInjected,
    int injectedDetected,
    long anomaliesFlagged,
    long comparedWindows,
    double mae,
    double maePersistence) {

  /** Detected share of the injected anomalies (NaN if none were injected). */
  public double detectionRate() {
    return anomaliesInjected == 0 ? Double.NaN : (double) injectedDetected / anomaliesInjected;
  }

  /**
   * The demo's bar: the model's mean absolute error is below persistence's, and at least half of the
   * injected anomalies were detected.
   */
  public boolean meetsDemoBar() {
    return mae < maePersistence && 2L * injectedDetected >= anomaliesInjected;
  }

  /** Flagged windows that were not injected anomalies. */
  public long falseFlags() {
    return anomaliesFlagged - injectedDetected;
  }

  /** The figures as JSON fields, in the order the commands print them. */
  public Map<String, Object> jsonFields() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mae", mae);
    json.put("mae_persistence", maePersistence);
    json.put("anomalies_injected", anomaliesInjected);
    json.put("injected_detected", injectedDetected);
    json.put("anomalies_flagged", anomaliesFlagged);
    json.put("compared_windows", comparedWindows);
    return json;
  }
}
