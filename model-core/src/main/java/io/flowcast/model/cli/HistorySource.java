package io.flowcast.model.cli;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.SensorWindows;
import java.util.List;
import java.util.Map;

/**
 * History that {@code train} can take instead of {@code --data} files: the demo's simulated fleet,
 * which flink-operators' command line adds as a mixin with its own options ({@code --simulated}).
 */
public interface HistorySource {
  /** Whether the user chose this source. */
  boolean selected();

  /** The sensors' windows, of {@code windowMillis} each. */
  List<SensorWindows> windows(long windowMillis);

  /** What the history is, for the summary and the checkpoint's metadata. */
  Map<String, Object> describe();

  /** Figures of the written model on fresh data for the summary; empty if there are none. */
  Map<String, Object> evaluate(ModelParameters model, long windowMillis);
}
