package io.flowcast.model.forecast;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.step.BatchStepper;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StepEngine;
import java.util.Arrays;

/**
 * Advances many sensors by one closed window each in one batched model step, and turns the model's
 * output into forecasts, prediction intervals and anomaly scores. Everything a sensor needs lives
 * in its own flat state array ({@link SensorStateLayout}), so a Flink operator can keep it in keyed
 * state as is.
 *
 * <p>Per observed window with actual {@code x} (units of the sensor):
 *
 * <ol>
 *   <li>if the previous window left a forecast {@code f} for this one: residual {@code x - f};
 *       once the sensor's scale has seen {@code warmUpWindows} windows, the residual is normalised
 *       with the statistics before {@code x} and scored by the {@link AnomalyScorer}: a calibrated
 *       score in [0, 1] against the sensor's residual history, which it then joins (and which
 *       recalibrates the interval); so the first score comes at the sensor's window
 *       {@code 2 * warmUpWindows + 1};
 *   <li>{@code x} is folded into the sensor's running statistics and encoded ({@link WindowEncoding});
 *   <li>one model step, then the head gives {@code horizon} normalised forecasts, stored in the
 *       state in the sensor's units;
 *   <li>interval k: the forecast plus or minus {@code intervalZ} calibrated residual standard
 *       deviations ({@link AnomalyScorer}), widened for k windows further ahead by the factor the
 *       sensor has learned from its own k-step errors ({@link HorizonCalibration}: {@code sqrt(k + 1)}
 *       until there is evidence), in the sensor's units.
 * </ol>
 *
 * Each sensor's results depend only on its own state and inputs: with the Java engine ({@link
 * io.flowcast.model.step.StepEngines#JAVA}) they are bit-identical whatever the bundle size or the
 * other sensors in it. Close it when done: an engine on a device frees its memory then.
 */
public final class SensorForecaster implements AutoCloseable {
  private final ForecastSettings settings;
  private final SensorStateLayout layout;
  private final WindowEncoding encoding;
  private final AnomalyScorer scorer;
  private final BatchStepper stepper;
  private final WindowHistory history;
  private final ForecastCorrection correction;
  private final LevelNovelty levelNovelty;
  private final HorizonCalibration calibration;
  private final int recurrentSize;
  private final int horizon;
  private final int headWidth;
  private final StateShape shape;
  private final float[] inputs;
  private final float[] states;
  private final float[] head;
  private final float[] changes;

  /**
   * @param network the model: {@link WindowEncoding#INPUT_SIZE} inputs and a head of
   *     {@code settings.horizon()} outputs, or twice that (the means, then the log-variances, of a
   *     model trained with the Gaussian NLL: the means are its forecasts)
   * @param maxBatch the most windows per {@link #advance} call
   * @param engine engine of the model step; only the Java engine is bit-identical across bundle
   *     sizes
   * @throws IllegalArgumentException if the model does not fit the settings
   */
  public SensorForecaster(
      RecurrentNetwork network, ForecastSettings settings, int maxBatch, StepEngine engine) {
    this(network, settings, maxBatch, engine, 0);
  }

  /**
   * A forecaster that also keeps each sensor's last {@code historySteps} steps in its state
   * ({@link WindowHistory}), for fine-tuning.
   *
   * @param historySteps steps kept per sensor, 0 for none
   * @throws IllegalArgumentException if the model does not fit the settings
   */
  public SensorForecaster(RecurrentNetwork network, ForecastSettings settings, int maxBatch,
      StepEngine engine, int historySteps) {
    requireFits(network.config(), settings);
    if (historySteps < 0) {
      throw new IllegalArgumentException("history steps must be >= 0, got " + historySteps);
    }
    this.settings = settings;
    this.recurrentSize = network.stateLayout().size();
    this.horizon = settings.horizon();
    this.layout = new SensorStateLayout(recurrentSize, horizon, historySteps, settings.corrects(),
        settings.levelWarmUpWindows());
    this.correction = settings.corrects() ? new ForecastCorrection(horizon, settings.correctionForgetting()) : null;
    this.levelNovelty = settings.scoresLevelNovelty() ? new LevelNovelty(settings.levelWarmUpWindows(),
        settings.levelBurstGapWindows()) : null;
    this.history = historySteps == 0 ? null : new WindowHistory(layout);
    this.encoding = new WindowEncoding(settings);
    this.scorer = new AnomalyScorer(
        settings.residualAlpha(), settings.warmUpWindows(), settings.intervalZ(), 1e-3, settings.repeatDamping());
    this.calibration = new HorizonCalibration(horizon, scorer.nominalCoverage(), AnomalyScorer.ADAPTATION_RATE);
    this.stepper = network.newStepper(maxBatch, engine);
    this.inputs = new float[maxBatch * WindowEncoding.INPUT_SIZE];
    this.states = new float[maxBatch * recurrentSize];
    this.headWidth = network.config().outputSize();
    this.shape = StateShape.of(network.config(), horizon, historySteps, settings.corrects(),
        settings.scoresLevelNovelty());
    this.changes = correction == null ? null : new float[maxBatch * horizon];
    this.head = new float[maxBatch * headWidth];
  }

  /**
   * Checks that a model can serve these settings.
   *
   * @throws IllegalArgumentException naming what does not fit
   */
  public static void requireFits(ModelConfig config, ForecastSettings settings) {
    if (config.inputSize() != WindowEncoding.INPUT_SIZE) {
      throw new IllegalArgumentException("a forecasting model takes " + WindowEncoding.INPUT_SIZE
          + " inputs (z, sin, cos of the season), this one takes " + config.inputSize());
    }
    if (config.outputSize() != settings.horizon() && config.outputSize() != 2 * settings.horizon()) {
      throw new IllegalArgumentException("the model's head has " + config.outputSize()
          + " outputs but the horizon is " + settings.horizon() + " (a head gives horizon forecasts, or"
          + " horizon means and then horizon log-variances)");
    }
  }

  public SensorStateLayout layout() {
    return layout;
  }

  /** The shape of this forecaster's sensor states, recorded in each {@link SensorState}. */
  public StateShape stateShape() {
    return shape;
  }

  /** The recent steps kept in each sensor's state; null without fine-tuning. */
  public WindowHistory history() {
    return history;
  }

  public ForecastSettings settings() {
    return settings;
  }

  /** The most windows per {@link #advance} call. */
  public int maxBatch() {
    return stepper.maxBatch();
  }

  /** A new sensor: zero recurrent state, no statistics, no forecasts, no history. */
  public float[] newSensorState() {
    float[] state = new float[layout.size()];
    AnomalyScorer.reset(state, layout.residualOffset());
    Arrays.fill(state, layout.forecastOffset(), layout.calibrationOffset(), Float.NaN);
    HorizonCalibration.reset(state, layout.calibrationOffset(), horizon);
    if (correction != null) {
      correction.reset(state, layout.correctionOffset());
    }
    return state;
  }

  /**
   * A sensor's state written with another window history (fine-tuning turned on or off, or other
   * sample lengths), with the online correction or the level novelty turned on or off (or another
   * level warm-up), and otherwise this forecaster's shape: its recurrent state, statistics and
   * forecasts carry over (and its correction and level novelty, as far as both have them alike);
   * its history starts empty, a correction or level novelty it did not have starts fresh.
   *
   * @throws IllegalArgumentException if {@code stored} is not this shape with other extras, or
   *     the state is too short for the parts it shares with this shape
   */
  public SensorState withFreshExtras(SensorState state, StateShape stored) {
    if (!stored.withExtras(layout.historySteps(), layout.correction(), layout.levelNovelty()).equals(shape)) {
      throw new IllegalArgumentException("a state of " + stored + " is not one of " + shape
          + " with another window history, correction or level novelty");
    }
    float[] values = newSensorState();
    int kept = stored.correction() != layout.correction() ? layout.correctionOffset() : layout.historyOffset();
    float[] storedValues = state.values();
    // the level novelty's block is last: it starts where the stored shape's other parts end
    int storedBlock = stored.withoutLevelNovelty().layout(0).size();
    if (storedValues.length < Math.max(kept, storedBlock)) {
      throw new IllegalArgumentException("a state of " + stored + " has " + storedValues.length
          + " floats, fewer than the " + Math.max(kept, storedBlock) + " of its parts");
    }
    System.arraycopy(storedValues, 0, values, 0, kept);
    if (stored.levelNovelty() && levelNovelty != null) {
      // the stored block carries over if it is this warm-up's, whole or cut
      int block = layout.levelNoveltyOffset();
      int length = storedValues.length - storedBlock;
      if (length == layout.levelNoveltySize()) {
        System.arraycopy(storedValues, storedBlock, values, block, length);
      } else if (levelNovelty.isCut(storedValues, storedBlock)) {
        values = Arrays.copyOf(values, layout.warmedUpSize());
        System.arraycopy(storedValues, storedBlock, values, block, length);
      }
    }
    return new SensorState(state.lastWindowStart(), shape.code(), values);
  }

  /**
   * Whether {@code values} is a state array of this forecaster's layout: its {@link
   * SensorStateLayout#size()}, or with level novelty past its warm-up, its block cut after the same
   * warm-up ({@link LevelNovelty#isCut}).
   */
  public boolean fits(float[] values) {
    return values.length == layout.size()
        || levelNovelty != null && levelNovelty.isCut(values, layout.levelNoveltyOffset());
  }

  /** A new sensor that has seen no window yet, with {@link #newSensorState()} and {@link #stateShape()}. */
  public SensorState newSensor() {
    return new SensorState(SensorState.NO_WINDOW, shape.code(), newSensorState());
  }

  /**
   * Forgets a sensor's recurrent state, forecasts and window history but keeps its scale and
   * residual statistics.
   */
  public void resetRecurrentState(float[] sensorState) {
    Arrays.fill(sensorState, 0, recurrentSize, 0f);
    Arrays.fill(sensorState, layout.forecastOffset(), layout.calibrationOffset(), Float.NaN);
    calibration.forgetForecasts(sensorState, layout.calibrationOffset());
    if (correction != null) {
      correction.forgetOrigins(sensorState, layout.correctionOffset());
    }
    if (history != null) {
      history.clear(sensorState);
    }
  }

  /** Whether the sensor holds a forecast for its next window. */
  public boolean hasForecast(float[] sensorState) {
    return !Float.isNaN(sensorState[layout.forecastOffset()]);
  }

  /**
   * Advances every row of {@code batch} by one window and fills its results. Each sensor may appear
   * at most once per call; the rows' state arrays are updated in place, except that a sensor whose
   * level novelty's warm-up ends gets a shorter array in its row ({@link WindowBatch#sensorState}),
   * which callers keep from then on (one that keeps the old array loses nothing: the next window
   * cuts it again).
   */
  public void advance(WindowBatch batch) {
    int n = batch.size();
    if (n > maxBatch()) {
      throw new IllegalArgumentException("batch of " + n + " exceeds maxBatch " + maxBatch());
    }
    for (int row = 0; row < n; row++) {
      prepare(batch, row);
    }
    stepper.step(n, inputs, states);
    stepper.head(n, states, head);
    for (int row = 0; row < n; row++) {
      finish(batch, row);
    }
  }

  private void prepare(WindowBatch batch, int row) {
    float[] state = batch.sensorStates[row];
    int stats = layout.normalizationOffset();
    float previousForecast = state[layout.forecastOffset()];
    double phase = encoding.phase(batch.windowStarts[row]);
    float value;
    if (batch.imputed[row]) {
      value = Float.isNaN(previousForecast) ? WindowEncoding.mean(state, stats) : previousForecast;
      batch.actuals[row] = value;
      batch.residuals[row] = Float.NaN;
      batch.scores[row] = Float.NaN;
      calibration.arrive(state, layout.calibrationOffset(), Float.NaN);
    } else {
      value = batch.actuals[row];
      // like the residual statistics, the horizon's calibration learns only once the scale is known
      boolean scaled = ExponentialStats.count(state, stats) >= settings.warmUpWindows();
      calibration.arrive(state, layout.calibrationOffset(), scaled ? value : Float.NaN);
      scoreAgainstForecast(batch, row, state, previousForecast, phase);
      if (levelNovelty != null) {
        // the residual was still recorded: it calibrates the intervals
        batch.scores[row] = levelNovelty.observe(state, layout.levelNoveltyOffset(), value);
      }
      encoding.observe(state, stats, value);
      if (correction != null) {
        correction.learn(state, layout.correctionOffset(), value);
      }
    }
    float z = encoding.normalize(state, stats, value);
    encoding.encodeAtPhase(z, phase, inputs, row * WindowEncoding.INPUT_SIZE);
    scorer.advancePhase(state, layout.residualOffset(), phase);
    System.arraycopy(state, 0, states, row * recurrentSize, recurrentSize);
    if (history != null) {
      history.append(state, inputs, row * WindowEncoding.INPUT_SIZE, WindowEncoding.mean(state, stats),
          encoding.scale(state, stats), value, stepFlags(batch, row, state));
    }
  }

  private int stepFlags(WindowBatch batch, int row, float[] state) {
    int flags = 0;
    if (batch.imputed[row]) {
      flags |= WindowHistory.IMPUTED;
    }
    if (isAnomaly(batch.scores[row])) {
      flags |= WindowHistory.ANOMALOUS;
    }
    if (ExponentialStats.count(state, layout.normalizationOffset()) < settings.warmUpWindows()) {
      flags |= WindowHistory.WARM_UP;
    }
    return flags;
  }

  private void scoreAgainstForecast(WindowBatch batch, int row, float[] state, float forecast, double phase) {
    if (Float.isNaN(forecast)) {
      batch.residuals[row] = Float.NaN;
      batch.scores[row] = Float.NaN;
      return;
    }
    int stats = layout.normalizationOffset();
    float actual = batch.actuals[row];
    float mean = WindowEncoding.mean(state, stats);
    float scale = encoding.scale(state, stats);
    batch.residuals[row] = actual - forecast;
    if (ExponentialStats.count(state, stats) < settings.warmUpWindows()) {
      // the sensor's scale is not known yet: its normalised residuals would be far too large and
      // would inflate the residual spread for hundreds of windows, hiding real anomalies
      batch.scores[row] = Float.NaN;
      return;
    }
    batch.scores[row] = scorer.scoreAndRecord(state, layout.residualOffset(), (forecast - mean) / scale,
        (actual - mean) / scale, phase);
  }

  private void finish(WindowBatch batch, int row) {
    float[] state = batch.sensorStates[row];
    System.arraycopy(states, row * recurrentSize, state, 0, recurrentSize);
    int stats = layout.normalizationOffset();
    int residual = layout.residualOffset();
    float mean = WindowEncoding.mean(state, stats);
    float scale = encoding.scale(state, stats);
    float now = (batch.actuals[row] - mean) / scale;
    for (int k = 0; k < horizon; k++) {
      int at = row * horizon + k;
      float z = settings.target().normalizedForecast(head[row * headWidth + k], batch.actuals[row], mean, scale);
      if (correction != null) {
        changes[at] = z - now;
        z = now + correction.correct(state, layout.correctionOffset(), k, changes[at]);
      }
      float oneStepHalfWidth = scorer.halfWidth(state, residual, k);
      float halfWidth = oneStepHalfWidth * calibration.factor(state, layout.calibrationOffset(), k);
      float forecast = encoding.denormalize(state, stats, z);
      batch.forecasts[at] = forecast;
      batch.lower[at] = encoding.denormalize(state, stats, z - halfWidth);
      batch.upper[at] = encoding.denormalize(state, stats, z + halfWidth);
      calibration.offer(state, layout.calibrationOffset(), k, forecast, oneStepHalfWidth * scale, halfWidth * scale);
      state[layout.forecastOffset() + k] = forecast;
    }
    if (correction != null) {
      correction.remember(state, layout.correctionOffset(), batch.actuals[row], scale, changes, row * horizon);
    }
    if (levelNovelty != null) {
      cutLevelWarmUp(batch, row, state);
    }
  }

  /** Gives the row's sensor its state array without the level warm-up's values once they are cleared. */
  private void cutLevelWarmUp(WindowBatch batch, int row, float[] state) {
    int block = layout.levelNoveltyOffset();
    if (state.length == layout.size() && levelNovelty.warmedUp(state, block)) {
      batch.sensorStates[row] = levelNovelty.cutWarmUp(state, block);
    }
  }

  /** Whether a score reaches the anomaly threshold (NaN never does). */
  public boolean isAnomaly(float score) {
    return score >= settings.anomalyThreshold();
  }

  /** Releases the model step's engine resources. */
  @Override
  public void close() {
    stepper.close();
  }
}
