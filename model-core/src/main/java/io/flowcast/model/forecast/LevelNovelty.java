package io.flowcast.model.forecast;

import java.util.Arrays;

/**
 * How new a window's value level is to its sensor: the surprise of a first visit to a value bin,
 * of a first move between two bins, or of a first span of bins over the last {@value #SPAN_WINDOWS}
 * windows. Each sensor keeps the values of its first {@code warmUpWindows} windows, unscored; when
 * the warm-up ends it cuts their range into {@value #BINS} levels of width {@code (max - min) /
 * (BINS - 1)}, with {@value #OVERFLOW} more levels of that width on each side (the outermost
 * catching everything beyond), and marks the levels and spans the warm-up visited. After the
 * warm-up, a window at a level the sensor has never visited, more than {@value #ARRIVAL} of a
 * level's width from every level it has visited, scores
 *
 * <pre>
 *   p     = (first visits so far + 1) / (windows since the warm-up + 2)   (the sensor's own rate of first visits)
 *   score = min(1, log10(1 / p) / {@value AnomalyScorer#DECADES})          in [0, 1]
 * </pre>
 *
 * on the scale of {@link AnomalyScorer}'s scores. Two more firsts score the same way, each with its
 * own rate: a move from one of the range's own levels to another (or a stay) not made since the
 * warm-up, and a span (the lowest and highest level of the last {@value #SPAN_WINDOWS} windows, both
 * within the range, at least {@value #SPAN_MIN_WIDTH} levels apart) that neither the warm-up nor any
 * later window has had. A window that is several firsts scores the highest of them; one that is none
 * scores 0. The span is the short shape of the series: a burst of spikes, a swing wider than usual
 * or one between levels it has never swung between, each of them possibly within levels visited
 * before. A first visit is as surprising as first visits have been
 * rare for this sensor, so a sensor that keeps wandering to new levels is not news and one that
 * held its levels for weeks is. A residual detector flags a surprising forecast error, whether or
 * not the sensor has been there before; this flags a place (a move, a span) the sensor has never
 * made, however well it was forecast, and never the same one twice.
 *
 * <p><b>Arrival.</b> A value is a first visit only if it lies more than half a level's width from
 * every visited level. One that has crossed a visited level's edge by less has not arrived anywhere
 * new: it is no first, and its level stays unvisited until a value arrives there (so a gap of one
 * level between two visited ones is never new). A sensor whose values jitter around an edge (noise,
 * a slow drift) would otherwise meet a "new" level at each crossing. Moves and spans keep the plain
 * levels: they are shapes within the range, and an arrival rule there made them miss real ones.
 * For the same reason as arrival, a span is a swing: its lowest and highest level lie at least
 * {@value #SPAN_MIN_WIDTH} apart, with a whole level between them. Four windows within one level or
 * two neighbouring ones are a value staying where it is, whichever side of an edge its jitter puts
 * it, so they are no span (a first stay is still a first move).
 *
 * <p><b>Bursts.</b> With a burst gap of G windows, firsts at most G windows apart form one burst:
 * one event (a level shift, an outage) that keeps opening new levels and spans as it unfolds. A
 * first is reported only if it scores higher than every first of its burst before it; the others
 * score 0 (they still count in the rate). So a threshold flags an event once, and again only if it
 * grows more surprising. G = 0 reports every first. Windows are counted as the sensor reports them:
 * the imputed windows of a gap in its readings are not observed, here or in the rates.
 *
 * <p>The warm-up keeps its values because the levels are cut from the range of all of them: a
 * level or span is known exactly as the whole warm-up visited it, whatever order the values came
 * in. That costs one float per warm-up window in every sensor's state ({@link #size}), but only
 * during the warm-up: once it has ended the values are cleared, the first two of their slots hold
 * the current burst, and {@link #cutWarmUp} hands back the block cut to {@value #WARMED_UP_SIZE}
 * floats (which the forecaster does: the block is the last of a sensor's state).
 *
 * <p>State block, {@link #size} floats (bits kept {@value #BITS_PER_FLOAT} to a float, as exact
 * integers):
 *
 * <pre>
 *   state[offset]          windows seen (saturating at 2^24)
 *   state[offset + 1, + 2] minimum and maximum of the warm-up's values (the range), once it has ended
 *   state[offset + 3]      first visits since the warm-up
 *   state[offset + 4]      first transitions since the warm-up
 *   state[offset + 5]      first spans since the warm-up
 *   state[offset + 6]      the last SPAN_WINDOWS - 1 windows' levels, 1 + level in 8 bits each, the
 *                          latest lowest (0: none yet)
 *   state[offset + 7 ..]   the visited levels
 *   then                   the transitions between the range's own levels made since the warm-up
 *   then                   the spans within the range seen since the warm-up began
 *   then                   the warm-up's values, one per window; once it has ended, the first two
 *                          hold the current burst's highest score and the windows since its
 *                          latest first (saturating at 2^24), and the rest are 0; a block cut by
 *                          {@link #cutWarmUp} keeps those two and then the warm-up's length
 * </pre>
 */
public final class LevelNovelty {
  /** Levels across the warm-up's range (the resolution of NAB's CAD OSE, 3 bits). */
  public static final int BINS = 8;
  /** Levels beyond each end of the range; the outermost catch everything further out. */
  public static final int OVERFLOW = 64;
  /**
   * How far past a visited level's edge, in levels' widths, a value must lie to arrive at a new
   * level: half a level, so that a value jittering across an edge is no first visit.
   */
  public static final double ARRIVAL = 0.5;
  /** Windows a span covers: the current one and the three before it (their levels fill one float). */
  public static final int SPAN_WINDOWS = 4;
  /**
   * Levels a span's lowest and highest lie apart at least: two, a whole level between them, so that
   * a value jittering across one level's edge makes no span.
   */
  public static final int SPAN_MIN_WIDTH = 2;
  private static final int LEVELS = BINS + 2 * OVERFLOW;
  private static final int BITS_PER_FLOAT = 24;
  private static final int LEVEL_WORDS = words(LEVELS);
  private static final int TRANSITION_WORDS = words(BINS * BINS);
  private static final int SPAN_WORDS = words(BINS * BINS);
  private static final int FIRST_VISITS = 3;
  private static final int FIRST_TRANSITIONS = 4;
  private static final int FIRST_SPANS = 5;
  private static final int RECENT = 6;
  private static final int LEVEL_BITS = 7;
  private static final int TRANSITION_BITS = LEVEL_BITS + LEVEL_WORDS;
  private static final int SPAN_BITS = TRANSITION_BITS + TRANSITION_WORDS;
  private static final int WARM_UP_VALUES = SPAN_BITS + SPAN_WORDS;
  private static final int BURST_HIGHEST = WARM_UP_VALUES;
  private static final int BURST_SINCE = WARM_UP_VALUES + 1;
  private static final int CUT_WARM_UP = WARM_UP_VALUES + 2;
  /**
   * Floats of a block whose warm-up has ended, cut by {@link #cutWarmUp}: never {@link #size} of
   * any warm-up (at least 4 windows), nor 21, the block of the design before the warm-up kept its
   * values.
   */
  public static final int WARMED_UP_SIZE = CUT_WARM_UP + 1;
  private static final float MAX_COUNT = 1 << 24;

  private final int warmUpWindows;
  private final int burstGapWindows;

  /**
   * @param warmUpWindows unscored windows (at least 4) whose values set the range and the levels
   *     and spans known when scoring starts
   * @param burstGapWindows firsts at most this many windows apart are one burst, which reports
   *     only the firsts that beat its highest so far; 0 reports every first
   */
  public LevelNovelty(int warmUpWindows, int burstGapWindows) {
    if (burstGapWindows < 0) {
      throw new IllegalArgumentException("the level burst gap must be >= 0 windows, got " + burstGapWindows);
    }
    if (warmUpWindows < 4) {
      throw new IllegalArgumentException("the level warm-up needs at least 4 windows, got " + warmUpWindows);
    }
    this.warmUpWindows = warmUpWindows;
    this.burstGapWindows = burstGapWindows;
  }

  /** Level novelty that reports every first. */
  public LevelNovelty(int warmUpWindows) {
    this(warmUpWindows, 0);
  }

  /**
   * Floats per sensor for a warm-up of {@code warmUpWindows}: 19 and one per warm-up window (so
   * never 21, the size of the block before the warm-up kept its values: such states start their
   * level novelty afresh).
   */
  public static int size(int warmUpWindows) {
    return WARM_UP_VALUES + warmUpWindows;
  }

  /** Floats per sensor. */
  public int size() {
    return size(warmUpWindows);
  }

  /**
   * Scores a window's value and remembers its level, move and span: NaN during the warm-up, then
   * the surprise of its highest first (visit, transition or span), 0 if none or if it does not
   * beat its burst's highest.
   *
   * @throws IllegalArgumentException if {@code value} is not finite
   */
  public float observe(float[] state, int offset, float value) {
    if (!Float.isFinite(value)) {
      throw new IllegalArgumentException("non-finite value " + value);
    }
    float seen = state[offset];
    state[offset] = Math.min(seen + 1, MAX_COUNT);
    if (seen < warmUpWindows) {
      state[offset + WARM_UP_VALUES + (int) seen] = value;
      if (seen + 1 == warmUpWindows) {
        markWarmUp(state, offset);
      }
      return Float.NaN;
    }
    int level = level(state, offset, value);
    int recent = remember(state, offset, level);
    double windowsSince = seen - warmUpWindows;
    float score = 0f;
    if (!isSet(state, offset + LEVEL_BITS, level) && !nearAVisitedLevel(state, offset, value)) {
      set(state, offset + LEVEL_BITS, level);
      score = surprise(state, offset + FIRST_VISITS, windowsSince);
    }
    int last = (recent & 0xff) - 1;
    if (inRange(last) && inRange(level)) {
      int transition = (last - OVERFLOW) * BINS + level - OVERFLOW;
      if (!isSet(state, offset + TRANSITION_BITS, transition)) {
        set(state, offset + TRANSITION_BITS, transition);
        score = Math.max(score, surprise(state, offset + FIRST_TRANSITIONS, windowsSince));
      }
    }
    int span = span(recent, level);
    if (span >= 0 && !isSet(state, offset + SPAN_BITS, span)) {
      set(state, offset + SPAN_BITS, span);
      score = Math.max(score, surprise(state, offset + FIRST_SPANS, windowsSince));
    }
    return reportedInBurst(state, offset, score);
  }

  /**
   * {@code score} (0 if the window is no first) as reported: with a burst gap, 0 unless it beats
   * the highest of the burst it belongs to (a new burst if the latest first is more than {@code
   * burstGapWindows} back). Bursts are tracked with or without a gap, so that a gap turned on later
   * (or again) starts from the sensor's real history.
   */
  private float reportedInBurst(float[] state, int offset, float score) {
    float since = Math.min(state[offset + BURST_SINCE] + 1, MAX_COUNT);
    if (score == 0f) {
      state[offset + BURST_SINCE] = since;
      return 0f;
    }
    float highest = since <= burstGapWindows ? state[offset + BURST_HIGHEST] : 0f;
    state[offset + BURST_SINCE] = 0f;
    state[offset + BURST_HIGHEST] = Math.max(highest, score);
    return burstGapWindows == 0 || score > highest ? score : 0f;
  }

  /** Whether the warm-up of the block at {@code offset} has ended (its values are cleared then). */
  public boolean warmedUp(float[] state, int offset) {
    return state[offset] >= warmUpWindows;
  }

  /**
   * {@code state} ending in this block, warmed up, cut to the block's {@value #WARMED_UP_SIZE}
   * floats: a new array, the state's values up to the block and the block's without the cleared
   * values of its warm-up, its length recorded ({@link #isCut}).
   *
   * @throws IllegalArgumentException if the block's warm-up has not ended, or the block is not the
   *     last {@link #size} floats of {@code state}
   */
  public float[] cutWarmUp(float[] state, int offset) {
    if (!warmedUp(state, offset) || state.length != offset + size()) {
      throw new IllegalArgumentException("not the last " + size() + " floats of a state, past a warm-up of "
          + warmUpWindows + " windows");
    }
    float[] cut = Arrays.copyOf(state, offset + WARMED_UP_SIZE);
    cut[offset + CUT_WARM_UP] = warmUpWindows;
    return cut;
  }

  /**
   * Whether {@code state} ends in a block of this level novelty cut by {@link #cutWarmUp}: {@value
   * #WARMED_UP_SIZE} floats at {@code offset}, cut after a warm-up of the same length (a block
   * cut after another warm-up is not one of this level novelty's).
   */
  public boolean isCut(float[] state, int offset) {
    return state.length == offset + WARMED_UP_SIZE && state[offset + CUT_WARM_UP] == warmUpWindows;
  }

  /** Sets the range of the warm-up's values, marks their levels and spans, then clears them. */
  private void markWarmUp(float[] state, int offset) {
    int values = offset + WARM_UP_VALUES;
    float min = state[values];
    float max = state[values];
    for (int i = 1; i < warmUpWindows; i++) {
      min = Math.min(min, state[values + i]);
      max = Math.max(max, state[values + i]);
    }
    state[offset + 1] = min;
    state[offset + 2] = max;
    for (int i = 0; i < warmUpWindows; i++) {
      int level = level(state, offset, state[values + i]);
      set(state, offset + LEVEL_BITS, level);
      int span = span(remember(state, offset, level), level);
      if (span >= 0) {
        set(state, offset + SPAN_BITS, span);
      }
    }
    Arrays.fill(state, values, values + warmUpWindows, 0f);
  }

  /** Adds {@code level} to the last levels kept; returns those before it. */
  private static int remember(float[] state, int offset, int level) {
    int recent = (int) state[offset + RECENT];
    state[offset + RECENT] = (recent << 8 | level + 1) & 0xffffff;
    return recent;
  }

  /**
   * The span of {@code level} and the {@code recent} levels before it (1 + level, 8 bits each) as
   * {@code (lowest - OVERFLOW) * BINS + highest - OVERFLOW}; -1 until there are enough windows, if a
   * level lies outside the range, or if the lowest and highest lie less than {@value #SPAN_MIN_WIDTH}
   * levels apart.
   */
  private static int span(int recent, int level) {
    int lowest = level;
    int highest = level;
    for (int i = 0; i < SPAN_WINDOWS - 1; i++) {
      int before = (recent >>> (8 * i) & 0xff) - 1;
      if (before < 0) {
        return -1;
      }
      lowest = Math.min(lowest, before);
      highest = Math.max(highest, before);
    }
    boolean swing = inRange(lowest) && inRange(highest) && highest - lowest >= SPAN_MIN_WIDTH;
    return swing ? (lowest - OVERFLOW) * BINS + highest - OVERFLOW : -1;
  }

  /** The surprise of one more first after {@code windowsSince} windows; counts it at {@code counter}. */
  private static float surprise(float[] state, int counter, double windowsSince) {
    double firsts = state[counter];
    state[counter] = Math.min((float) firsts + 1, MAX_COUNT);
    return (float) Math.min(1, Math.log10((windowsSince + 2) / (firsts + 1)) / AnomalyScorer.DECADES);
  }

  private static boolean inRange(int level) {
    return level >= OVERFLOW && level < OVERFLOW + BINS;
  }

  private static int words(int bits) {
    return (bits + BITS_PER_FLOAT - 1) / BITS_PER_FLOAT;
  }

  /**
   * Whether {@code value} lies within {@value #ARRIVAL} of a level's width of a visited level: a
   * value that has only just crossed a visited level's edge has not arrived at a new level.
   */
  private static boolean nearAVisitedLevel(float[] state, int offset, float value) {
    return isSet(state, offset + LEVEL_BITS, level(state, offset, value, -ARRIVAL))
        || isSet(state, offset + LEVEL_BITS, level(state, offset, value, ARRIVAL));
  }

  /**
   * The level of {@code value}, 0 .. LEVELS - 1 (the range's own levels are OVERFLOW .. OVERFLOW +
   * BINS - 1; a constant warm-up's levels are a thousandth of its magnitude wide).
   */
  private static int level(float[] state, int offset, double value) {
    return level(state, offset, value, 0);
  }

  /** The level of {@code value} moved by {@code shift} levels' widths. */
  private static int level(float[] state, int offset, double value, double shift) {
    double min = state[offset + 1];
    double range = state[offset + 2] - min;
    double width = (range > 0 ? range : Math.max(1, Math.abs(min)) * 1e-3) / (BINS - 1);
    double bin = Math.floor((value - min) / width + shift);
    return (int) Math.max(0, Math.min(LEVELS - 1, bin + OVERFLOW));
  }

  /** Whether bit {@code bit} of the bits kept from {@code at} on is set. */
  private static boolean isSet(float[] state, int at, int bit) {
    int word = (int) state[at + bit / BITS_PER_FLOAT];
    return (word >>> (bit % BITS_PER_FLOAT) & 1) != 0;
  }

  private static void set(float[] state, int at, int bit) {
    int word = at + bit / BITS_PER_FLOAT;
    state[word] = (int) state[word] | 1 << (bit % BITS_PER_FLOAT);
  }
}
