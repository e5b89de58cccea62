package io.flowcast.model.forecast;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.step.StateLayout;

/**
 * The shape of a sensor's state array ({@link SensorStateLayout}): what a state written by one
 * model must match to be read by another. Two models of the same shape read each other's sensor
 * states; two of different shapes never do, even where the float counts happen to agree (an LSTM
 * H = 64, 1 layer and a GRU H = 64, 2 layers both take 137 floats).
 *
 * <p>{@link #code()} packs it into one {@code long}, kept in every {@link SensorState} and written
 * by the job's state serializer. It is defined bit by bit here, not by any {@code hashCode}, so it
 * is the same on every JVM and in every release, and it decodes back ({@link #decode}) so that an
 * error can name the shape a state was written with:
 *
 * <pre>
 *   bits 60..63  layout version ({@link #LAYOUT_VERSION}); 0 only in {@link #UNKNOWN}
 *   bits 56..59  cell: 1 rnn, 2 rnn-relu, 3 lstm, 4 lstm-peephole, 5 gru
 *   bit  55      head: 0 horizon forecasts, 1 horizon means then horizon log-variances
 *   bits 47..54  layers - 1          (1..256)
 *   bits 31..46  hidden size - 1     (1..65,536)
 *   bits 19..30  horizon - 1         (1..4,096)
 *   bit  18      online correction ({@link ForecastCorrection}): 1 with, 0 without
 *   bit  17      level novelty ({@link LevelNovelty}): 1 with, 0 without
 *   bits  0..16  window-history steps (0..131,071; 0 without fine-tuning)
 * </pre>
 *
 * {@link #UNKNOWN} (0) is the shape of a state written before shapes were recorded. A new layout of
 * the state array (another order of its parts, another statistic) must increase {@link
 * #LAYOUT_VERSION}, so that states of the old layout are not misread.
 *
 * @param cell the recurrent cell
 * @param numLayers layers L
 * @param hiddenSize hidden size H
 * @param horizon forecasts kept per sensor
 * @param headWidth the head's outputs: horizon, or twice that for a Gaussian head
 * @param historySteps window-history steps kept for fine-tuning, 0 without
 * @param correction whether the state holds the online correction's block
 * @param levelNovelty whether the state holds the level novelty's block
 */
public record StateShape(CellType cell, int numLayers, int hiddenSize, int horizon, int headWidth, int historySteps,
    boolean correction, boolean levelNovelty) {

  /**
   * Version of {@link SensorStateLayout}'s arrangement of the state array: 1 kept the residuals'
   * mean and variance (3 floats), 2 keeps their mean square, the interval's calibration factor and
   * the season buckets ({@link AnomalyScorer#SIZE} floats), 3 adds the calibration of the intervals
   * beyond one step after the forecasts ({@link HorizonCalibration}, no floats for horizon 1), 4
   * moves the level novelty's block (which version 3 added before the window history) after it,
   * last, so that it can shrink once its warm-up has ended, 5 adds two floats per horizon step at
   * the end of the online correction's block (its errors' count and mean absolute value, {@link
   * ForecastCorrection}); {@link #upgrade} turns a state of version 1 to 4 into version 5.
   */
  public static final int LAYOUT_VERSION = 5;

  /** Floats of the residual statistics in layout version 1. */
  private static final int LAYOUT_1_RESIDUAL_FLOATS = 3;

  /** {@link #code()} of a state whose shape was not recorded. */
  public static final long UNKNOWN = 0L;

  private static final CellType[] CELL_CODES = {
    null, CellType.RNN, CellType.RNN_RELU, CellType.LSTM, CellType.LSTM_PEEPHOLE, CellType.GRU
  };

  public StateShape {
    if (cell == null) {
      throw new IllegalArgumentException("cell is required");
    }
    requireRange("layers", numLayers, 1, 1 << 8);
    requireRange("hidden size", hiddenSize, 1, 1 << 16);
    requireRange("horizon", horizon, 1, 1 << 12);
    if (headWidth != horizon && headWidth != 2 * horizon) {
      throw new IllegalArgumentException("head width must be the horizon or twice it, got " + headWidth
          + " for horizon " + horizon);
    }
    requireRange("window-history steps", historySteps, 0, (1 << 17) - 1);
  }

  /** A shape without the online correction or the level novelty. */
  public StateShape(CellType cell, int numLayers, int hiddenSize, int horizon, int headWidth, int historySteps) {
    this(cell, numLayers, hiddenSize, horizon, headWidth, historySteps, false, false);
  }

  /** A shape without the level novelty. */
  public StateShape(CellType cell, int numLayers, int hiddenSize, int horizon, int headWidth, int historySteps,
      boolean correction) {
    this(cell, numLayers, hiddenSize, horizon, headWidth, historySteps, correction, false);
  }

  /** The shape of a forecaster's states for {@code config} with {@code horizon} and {@code historySteps}. */
  public static StateShape of(ModelConfig config, int horizon, int historySteps, boolean correction,
      boolean levelNovelty) {
    return new StateShape(config.cell(), config.numLayers(), config.hiddenSize(), horizon, config.outputSize(),
        historySteps, correction, levelNovelty);
  }

  /** This shape keeping {@code steps} window-history steps, the correction and the level novelty or not instead. */
  public StateShape withExtras(int steps, boolean withCorrection, boolean withLevelNovelty) {
    return new StateShape(cell, numLayers, hiddenSize, horizon, headWidth, steps, withCorrection, withLevelNovelty);
  }

  /**
   * Where the parts of a state of this shape lie, its level novelty's warm-up being {@code
   * levelWarmUpWindows}: the shape records whether a state holds the level novelty's block, and
   * the block's size ({@link LevelNovelty#size}) follows from the warm-up it was written with.
   *
   * @param levelWarmUpWindows 0 for a shape without level novelty, 4 or more for one with it
   * @throws IllegalArgumentException if that does not fit the shape
   */
  public SensorStateLayout layout(int levelWarmUpWindows) {
    if (levelNovelty != levelWarmUpWindows > 0) {
      throw new IllegalArgumentException("a shape " + (levelNovelty ? "with" : "without")
          + " level novelty has no layout for a level warm-up of " + levelWarmUpWindows + " windows");
    }
    return new SensorStateLayout(new StateLayout(hiddenSize, numLayers, cell.hasCellState()).size(), horizon,
        historySteps, correction, levelWarmUpWindows);
  }

  /** The packed form, never {@link #UNKNOWN}. */
  public long code() {
    return (long) LAYOUT_VERSION << 60
        | (long) cellCode(cell) << 56
        | (headWidth == horizon ? 0L : 1L) << 55
        | (long) (numLayers - 1) << 47
        | (long) (hiddenSize - 1) << 31
        | (long) (horizon - 1) << 19
        | (correction ? 1L : 0L) << 18
        | (levelNovelty ? 1L : 0L) << 17
        | historySteps;
  }

  /**
   * The shape of {@link #code()}.
   *
   * @throws IllegalArgumentException if {@code code} is {@link #UNKNOWN}, of an unknown layout
   *     version or not a shape at all
   */
  public static StateShape decode(long code) {
    int version = layoutVersion(code);
    if (version < 1 || version > LAYOUT_VERSION) {
      throw new IllegalArgumentException("not a state shape of layout version 1 to " + LAYOUT_VERSION + ": 0x"
          + Long.toHexString(code));
    }
    int cellCode = (int) (code >>> 56) & 0xF;
    if (cellCode < 1 || cellCode >= CELL_CODES.length) {
      throw new IllegalArgumentException("unknown cell code " + cellCode + " in state shape 0x" + Long.toHexString(code));
    }
    int horizon = ((int) (code >>> 19) & 0xFFF) + 1;
    return new StateShape(CELL_CODES[cellCode], ((int) (code >>> 47) & 0xFF) + 1,
        ((int) (code >>> 31) & 0xFFFF) + 1, horizon, ((code >>> 55) & 1) == 0 ? horizon : 2 * horizon,
        (int) (code & 0x1FFFF), ((code >>> 18) & 1) == 1, ((code >>> 17) & 1) == 1);
  }

  /** The layout version of {@code code}; 0 for {@link #UNKNOWN}. */
  public static int layoutVersion(long code) {
    return (int) (code >>> 60);
  }

  /** {@code code} with another layout version (the same shape arranged as that version arranges it). */
  public static long withLayoutVersion(long code, int version) {
    return (code & ~(0xFL << 60)) | (long) version << 60;
  }

  /**
   * Floats of a state of shape {@code code} in its own layout version.
   *
   * @throws IllegalArgumentException if {@code code} is not a shape, or one with level novelty
   *     (whose size depends on its warm-up: {@link #layout})
   */
  public static int floatsOf(long code) {
    StateShape shape = decode(code);
    if (shape.levelNovelty()) {
      throw new IllegalArgumentException("the size of a state with level novelty depends on its warm-up");
    }
    int floats = shape.layout(0).size();
    int version = layoutVersion(code);
    if (version <= 4) {
      floats -= correctionErrorMeans(shape);
    }
    if (version <= 2) {
      floats -= HorizonCalibration.size(shape.horizon());
    }
    if (version == 1) {
      floats -= AnomalyScorer.SIZE - LAYOUT_1_RESIDUAL_FLOATS;
    }
    return floats;
  }

  /**
   * The values of a state of shape {@code code} in the current layout version (the same array if
   * it is in it already): a version 1 state's residual statistics become version 2's ({@link
   * AnomalyScorer#upgradeFromLayout1}); a version 2 state gains a fresh {@link HorizonCalibration}
   * block after its forecasts (its intervals go on as they were until the block learns); a version
   * 3 state with level novelty gets its level novelty's block moved after its window history; a
   * state before version 5 with the online correction gains its errors' counts and means, as
   * zeros, at the end of the correction's block (the correction goes on as it was until each step
   * has seen {@link ForecastCorrection#MIN_ERRORS} errors); the recurrent state, statistics,
   * forecasts and everything else carry over unchanged ({@link #upgrades} says which states can be
   * upgraded). Its code is then {@code withLayoutVersion(code, LAYOUT_VERSION)}. A state of the
   * current version is returned as it is, its length checked unless it has level novelty (whose
   * length depends on its warm-up).
   *
   * @throws IllegalArgumentException if {@code code} is not a known shape or {@code values} is not
   *     its size
   */
  public static float[] upgrade(long code, float[] values) {
    StateShape shape = decode(code);
    int version = layoutVersion(code);
    if (version == LAYOUT_VERSION && (shape.levelNovelty() || values.length == floatsOf(code))) {
      return values;
    }
    if (!upgrades(code, values.length)) {
      String problem = !shape.levelNovelty() ? " floats, not " + floatsOf(code)
          : version < 3 ? " floats, but level novelty came with layout version 3"
          : " floats: no level novelty block after its other " + otherFloatsWithLevelNovelty(code);
      throw new IllegalArgumentException("a state of " + shape + " (layout version " + version + ") has "
          + values.length + problem);
    }
    float[] version4;
    if (shape.levelNovelty()) {
      version4 = version == 3 ? levelNoveltyLast(shape, values) : values;
    } else {
      version4 = version >= 3 ? values : withHorizonCalibration(shape, version, values);
    }
    return shape.correction() ? withCorrectionErrorMeans(shape, version4) : version4;
  }

  /**
   * Whether {@link #upgrade} turns a state of shape {@code code} and {@code length} floats, of an
   * earlier layout version, into the current one: one without level novelty of exactly its version's
   * size ({@link #floatsOf}), one with level novelty (version 3, the first to have it, or 4) longer
   * than its other parts.
   */
  public static boolean upgrades(long code, int length) {
    int version = layoutVersion(code);
    if (version < 1 || version >= LAYOUT_VERSION || !decodes(code)) {
      return false;
    }
    StateShape shape = decode(code);
    return shape.levelNovelty()
        ? version >= 3 && length > otherFloatsWithLevelNovelty(code)
        : length == floatsOf(code);
  }

  /** Floats of a state of shape {@code code}, with level novelty, before its level novelty's block. */
  private static int otherFloatsWithLevelNovelty(long code) {
    return floatsOf(withLayoutVersion(decode(code).withoutLevelNovelty().code(), layoutVersion(code)));
  }

  /** Floats the correction's errors' counts and means take in a state of {@code shape}, 0 without the correction. */
  private static int correctionErrorMeans(StateShape shape) {
    return shape.correction()
        ? ForecastCorrection.size(shape.horizon()) - ForecastCorrection.sizeBeforeErrorMeans(shape.horizon())
        : 0;
  }

  /**
   * Where a state of {@code shape} in layout version 3 or 4 has its window history (or, in version
   * 4 without history, its level novelty's block): the end of its correction's block, which version
   * 5 lengthens by {@link #correctionErrorMeans}.
   */
  private static int historyOffsetBeforeVersion5(StateShape shape) {
    return shape.withoutLevelNovelty().layout(0).historyOffset() - correctionErrorMeans(shape);
  }

  /** This shape without the level novelty's block (whose size depends on its warm-up). */
  public StateShape withoutLevelNovelty() {
    return withExtras(historySteps, correction, false);
  }

  /**
   * A layout version 3 state with level novelty arranged as version 4 arranges it: its level
   * novelty's block (whatever floats the state has beyond its other parts) moved from before the
   * window history to after it.
   */
  private static float[] levelNoveltyLast(StateShape shape, float[] values) {
    int history = historyOffsetBeforeVersion5(shape);
    int otherFloats = shape.withoutLevelNovelty().layout(0).size() - correctionErrorMeans(shape);
    int historyFloats = otherFloats - history;
    int block = values.length - otherFloats;
    float[] upgraded = new float[values.length];
    System.arraycopy(values, 0, upgraded, 0, history);
    System.arraycopy(values, history + block, upgraded, history, historyFloats);
    System.arraycopy(values, history, upgraded, otherFloats, block);
    return upgraded;
  }

  /** A layout version 4 state with the online correction arranged as version 5: zeros for its errors' means. */
  private static float[] withCorrectionErrorMeans(StateShape shape, float[] values) {
    int end = historyOffsetBeforeVersion5(shape);
    float[] upgraded = new float[values.length + correctionErrorMeans(shape)];
    System.arraycopy(values, 0, upgraded, 0, end);
    System.arraycopy(values, end, upgraded, end + correctionErrorMeans(shape), values.length - end);
    return upgraded;
  }

  /** A layout version 1 or 2 state (without level novelty) arranged as version 3 (and 4) arranges it. */
  private static float[] withHorizonCalibration(StateShape shape, int version, float[] values) {
    SensorStateLayout layout = shape.layout(0);
    float[] version2 = version == 1 ? upgradeResidualsFromLayout1(layout, values) : values;
    float[] upgraded = new float[version2.length + HorizonCalibration.size(layout.horizon())];
    int calibration = layout.calibrationOffset();
    System.arraycopy(version2, 0, upgraded, 0, calibration);
    HorizonCalibration.reset(upgraded, calibration, layout.horizon());
    int after = calibration + HorizonCalibration.size(layout.horizon());
    System.arraycopy(version2, calibration, upgraded, after, version2.length - calibration);
    return upgraded;
  }

  /** A layout version 1 state's values arranged as version 2 arranges them. */
  private static float[] upgradeResidualsFromLayout1(SensorStateLayout layout, float[] values) {
    float[] upgraded = new float[values.length + AnomalyScorer.SIZE - LAYOUT_1_RESIDUAL_FLOATS];
    int residual = layout.residualOffset();
    System.arraycopy(values, 0, upgraded, 0, residual);
    AnomalyScorer.upgradeFromLayout1(values, residual, upgraded, residual);
    int rest = residual + LAYOUT_1_RESIDUAL_FLOATS;
    System.arraycopy(values, rest, upgraded, residual + AnomalyScorer.SIZE, values.length - rest);
    return upgraded;
  }

  /**
   * {@code code} in words, e.g. "lstm hidden 64 x 1 layer, horizon 3"; also for {@link #UNKNOWN}
   * and codes of other layout versions.
   */
  public static String describe(long code) {
    boolean inWords = code == UNKNOWN || decodes(code);
    return inWords ? words(code) : words(code) + " (layout version " + layoutVersion(code) + ")";
  }

  /**
   * {@code code} in words with its layout version and the {@code floats} a state of it holds, e.g.
   * "lstm hidden 64 x 1 layer, horizon 3 (layout version 4, 236 floats)" (for {@link #UNKNOWN}, "...
   * with 236 floats").
   */
  public static String describe(long code, int floats) {
    return code == UNKNOWN
        ? words(code) + " with " + floats + " floats"
        : words(code) + " (layout version " + layoutVersion(code) + ", " + floats + " floats)";
  }

  private static String words(long code) {
    if (code == UNKNOWN) {
      return "a shape not recorded (a state written before shapes were)";
    }
    return decodes(code) ? decode(code).toString() : "an unknown shape 0x" + Long.toHexString(code);
  }

  private static boolean decodes(long code) {
    try {
      decode(code);
      return true;
    } catch (IllegalArgumentException notAShape) {
      return false;
    }
  }

  /** In words, e.g. "gru hidden 64 x 2 layers, horizon 3, gaussian head, 51 history steps". */
  @Override
  public String toString() {
    return cell.id() + " hidden " + hiddenSize + " x " + numLayers + (numLayers == 1 ? " layer" : " layers")
        + ", horizon " + horizon + (headWidth == horizon ? "" : ", gaussian head")
        + (correction ? ", online correction" : "")
        + (levelNovelty ? ", level novelty" : "")
        + (historySteps == 0 ? "" : ", " + historySteps + " history steps");
  }

  private static int cellCode(CellType cell) {
    for (int code = 1; code < CELL_CODES.length; code++) {
      if (CELL_CODES[code] == cell) {
        return code;
      }
    }
    throw new IllegalArgumentException("no state-shape code for cell " + cell);
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("a state shape's " + name + " must be in [" + min + ", " + max
          + "], got " + value);
    }
  }
}
