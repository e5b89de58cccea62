package io.flowcast.model.pretrain;

import io.flowcast.model.forecast.ExponentialStats;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.SensorWindows;
import io.flowcast.model.forecast.WindowEncoding;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes sensors' histories ({@link SensorWindows}) into {@link TrainingSeries} the way the
 * streaming forecaster encodes a live sensor: each sensor's running statistics start empty at its
 * first window and take in every observed window ({@link WindowEncoding}); the target of a step is
 * the normalised value of the next {@code horizon} steps under the statistics of that step, or its
 * change from the step's own value ({@link io.flowcast.model.forecast.ForecastTarget}).
 *
 * <p>Missed windows go through the job's gap policy: a gap of more than {@code maxGapWindows}, or
 * any gap under {@link GapPolicy#RESET}, ends the series (the stream resets the recurrent state;
 * the statistics go on); under {@link GapPolicy#IMPUTE} each missed window is a step whose value is
 * the sensor's running mean (what the stream feeds when it has no forecast; with a model it feeds
 * its own forecast, which offline training cannot know yet), without a target or an update of the
 * statistics, and a step whose horizon reaches a missed window is left out of the loss; under
 * {@link GapPolicy#CONTINUE} the next window simply follows (the season phase keeps its real time).
 *
 * <p>Validation: the last {@code validationFraction} of each sensor's windows (chronological). Their
 * steps form validation series, led by up to {@code burnInWindows} steps from just before them that
 * warm the recurrent state and are left out of the loss; training targets never reach into them.
 * The last {@code horizon} steps of every series have no targets and are dropped.
 */
public final class TrainingSetEncoder {
  private final ForecastSettings settings;
  private final WindowEncoding encoding;
  private final GapPolicy gapPolicy;
  private final int maxGapWindows;
  private final double validationFraction;
  private final int burnInWindows;

  /**
   * @param validationFraction share of each sensor's windows, at its end, kept for validation, in
   *     [0, 1)
   * @param burnInWindows steps before a validation series that lead into it, >= 0
   */
  public TrainingSetEncoder(ForecastSettings settings, GapPolicy gapPolicy, int maxGapWindows,
      double validationFraction, int burnInWindows) {
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + validationFraction);
    }
    if (maxGapWindows < 0 || burnInWindows < 0) {
      throw new IllegalArgumentException("max gap and burn-in must be >= 0 windows");
    }
    this.settings = settings;
    this.encoding = new WindowEncoding(settings);
    this.gapPolicy = gapPolicy;
    this.maxGapWindows = maxGapWindows;
    this.validationFraction = validationFraction;
    this.burnInWindows = burnInWindows;
  }

  /** Encodes every sensor's history. */
  public TrainingSet encode(List<SensorWindows> sensors) {
    List<TrainingSeries> train = new ArrayList<>();
    List<TrainingSeries> validation = new ArrayList<>();
    long windows = 0;
    long imputed = 0;
    long resets = 0;
    for (SensorWindows sensor : sensors) {
      windows += sensor.size();
      int validationFrom = sensor.size() - (int) Math.round(sensor.size() * validationFraction);
      Steps steps = new Steps();
      float[] stats = new float[ExponentialStats.SIZE];
      for (int i = 0; i < sensor.size(); i++) {
        if (i > 0 && sensor.missedBefore(i) > 0) {
          long missed = sensor.missedBefore(i);
          GapPolicy action = gapPolicy.onGap(missed, maxGapWindows);
          if (action == GapPolicy.RESET) {
            steps.cut(sensor.sensorId(), train, validation);
            resets++;
          } else if (action == GapPolicy.IMPUTE) {
            for (long m = 1; m <= missed; m++) {
              steps.add(stats, sensor.starts()[i - 1] + m * sensor.windowMillis(),
                  WindowEncoding.mean(stats, 0), false, i >= validationFrom);
            }
            imputed += missed;
          }
        }
        encoding.observe(stats, 0, (float) sensor.means()[i]);
        steps.add(stats, sensor.starts()[i], (float) sensor.means()[i], true, i >= validationFrom);
      }
      steps.cut(sensor.sensorId(), train, validation);
    }
    return new TrainingSet(train, validation, windows, imputed, resets);
  }

  /** The steps of the current series of one sensor: inputs, values and statistics per step. */
  private final class Steps {
    private final List<float[]> inputs = new ArrayList<>();
    private final List<float[]> stats = new ArrayList<>();
    private final List<Float> values = new ArrayList<>();
    private final List<Boolean> observed = new ArrayList<>();
    private int validationFrom = -1;

    void add(float[] sensorStats, long windowStart, float value, boolean isObserved, boolean isValidation) {
      if (isValidation && validationFrom < 0) {
        validationFrom = values.size();
      }
      float[] input = new float[WindowEncoding.INPUT_SIZE];
      encoding.encode(encoding.normalize(sensorStats, 0, value), windowStart, input, 0);
      inputs.add(input);
      stats.add(sensorStats.clone());
      values.add(value);
      observed.add(isObserved);
    }

    /** Ends the series: its training and validation parts go to the lists; starts afresh. */
    void cut(String sensorId, List<TrainingSeries> train, List<TrainingSeries> validation) {
      int end = values.size();
      int split = validationFrom < 0 ? end : validationFrom;
      addSeries(sensorId, 0, 0, split, train);
      addSeries(sensorId, Math.max(0, split - burnInWindows), split, end, validation);
      inputs.clear();
      stats.clear();
      values.clear();
      observed.clear();
      validationFrom = -1;
    }

    /** Steps [from, end), the ones before {@code scoredFrom} as burn-in, targets within [from, end). */
    private void addSeries(String sensorId, int from, int scoredFrom, int end, List<TrainingSeries> out) {
      int horizon = settings.horizon();
      int length = end - from - horizon;
      if (end - scoredFrom <= horizon || length < 1) {
        return;
      }
      double[] in = new double[length * WindowEncoding.INPUT_SIZE];
      double[] targets = new double[length * horizon];
      double[] weights = new double[length];
      for (int t = 0; t < length; t++) {
        int step = from + t;
        for (int j = 0; j < WindowEncoding.INPUT_SIZE; j++) {
          in[t * WindowEncoding.INPUT_SIZE + j] = inputs.get(step)[j];
        }
        boolean complete = step >= scoredFrom;
        for (int k = 0; k < horizon; k++) {
          int target = step + 1 + k;
          complete &= observed.get(target);
          float[] at = stats.get(step);
          targets[t * horizon + k] = settings.target().target(values.get(target), values.get(step),
              WindowEncoding.mean(at, 0), encoding.scale(at, 0));
        }
        weights[t] = complete ? 1 : 0;
      }
      out.add(new TrainingSeries(sensorId, length, horizon, in, targets, weights));
    }
  }
}
