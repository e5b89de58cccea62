package io.flowcast.model.forecast;

import java.util.Arrays;

/**
 * How new a window's value level is to its sensor: the surprise of a first visit to a value bin,
 * or of a first move between two bins. Each sensor learns its range over its first
 * {@code warmUpWindows} windows and cuts it into {@value #BINS} levels of width
 * {@code (max - min) / (BINS - 1)}, with {@value #OVERFLOW} more levels of that width on each side
 * (the outermost catching everything beyond). After the warm-up, a window at a level the sensor
 * has never visited scores
 *
 * <pre>
 *   p     = (first visits so far + 1) / (windows since the warm-up + 2)   (the sensor's own rate of first visits)
 *   score = min(1, log10(1 / p) / {@value AnomalyScorer#DECADES})          in [0, 1]
 * </pre>
 *
 * on the scale of {@link AnomalyScorer}'s scores; a window that moves from one of the range's own
 * levels to another (or stays) for the first time since the warm-up scores the same way with the
 * rate of such first transitions, and a window that is neither scores 0. A first visit is as
 * surprising as first visits have been rare for this sensor, so a sensor that keeps wandering to
 * new levels is not news and one that held its levels for weeks is. A residual detector flags a
 * surprising forecast error, whether or not the sensor has been there before; this flags a place
 * (or a move) the sensor has never made, however well it was forecast, and never the same one twice.
 *
 * <p>The levels the warm-up visited count as visited. The warm-up does not know its range until
 * it ends, so it marks its values on a fine grid of {@value #FINE} cells around its first value,
 * doubling the cells' width (merging neighbours) whenever a value falls outside; at its end each
 * level that overlaps a marked cell within the range counts as visited. A cell is at most about a
 * sixteenth of the range wide, so a level next to a visited one may count as visited too: never a
 * false first visit, at worst a missed one beside the warm-up's values.
 *
 * <p>State block, {@link #SIZE} floats (bits kept {@value #BITS_PER_FLOAT} to a float, as exact
 * integers):
 *
 * <pre>
 *   state[offset]          windows seen (saturating at 2^24)
 *   state[offset + 1, + 2] minimum and maximum of the warm-up's values
 *   state[offset + 3, + 4] the warm-up's fine grid: its anchor (the first value) and cell width
 *   state[offset + 5]      first visits since the warm-up
 *   state[offset + 6]      first transitions since the warm-up
 *   state[offset + 7]      1 + the last window's level (0: none since the warm-up)
 *   state[offset + 8 ..]   visited levels after the warm-up, the fine grid's cells during it
 *   then                   the transitions between the range's own levels made since the warm-up
 * </pre>
 */
public final class LevelNovelty {
  /** Levels across the warm-up's range (the resolution of NAB's CAD OSE, 3 bits). */
  public static final int BINS = 8;
  /** Levels beyond each end of the range; the outermost catch everything further out. */
  public static final int OVERFLOW = 64;
  /** Cells of the warm-up's fine grid. */
  static final int FINE = 64;
  private static final int LEVELS = BINS + 2 * OVERFLOW;
  private static final int BITS_PER_FLOAT = 24;
  private static final int LEVEL_WORDS = words(LEVELS);
  private static final int TRANSITION_WORDS = words(BINS * BINS);
  private static final int LEVEL_BITS = 8;
  private static final int TRANSITION_BITS = LEVEL_BITS + LEVEL_WORDS;
  private static final float MAX_COUNT = 1 << 24;
  /** Floats per sensor. */
  public static final int SIZE = TRANSITION_BITS + TRANSITION_WORDS;

  private final int warmUpWindows;

  /** @param warmUpWindows windows whose range sets the levels (at least 2) */
  public LevelNovelty(int warmUpWindows) {
    if (warmUpWindows < 2) {
      throw new IllegalArgumentException("the level warm-up needs at least 2 windows, got " + warmUpWindows);
    }
    this.warmUpWindows = warmUpWindows;
  }

  /** Windows whose range sets the levels. */
  public int warmUpWindows() {
    return warmUpWindows;
  }

  /**
   * Scores a window's value and remembers its level and move: NaN during the warm-up, then the
   * surprise of a first visit or a first transition (the higher if both), 0 if neither.
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
      learnRange(state, offset, value, (int) seen);
      if (seen + 1 == warmUpWindows) {
        markWarmUpLevels(state, offset);
      }
      return Float.NaN;
    }
    double windowsSince = seen - warmUpWindows;
    int level = level(state, offset, value);
    int last = (int) state[offset + 7] - 1;
    state[offset + 7] = level + 1;
    float score = 0f;
    if (!isSet(state, offset + LEVEL_BITS, level)) {
      set(state, offset + LEVEL_BITS, level);
      score = surprise(state, offset + 5, windowsSince);
    }
    if (inRange(last) && inRange(level)) {
      int transition = (last - OVERFLOW) * BINS + level - OVERFLOW;
      if (!isSet(state, offset + TRANSITION_BITS, transition)) {
        set(state, offset + TRANSITION_BITS, transition);
        score = Math.max(score, surprise(state, offset + 6, windowsSince));
      }
    }
    return score;
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

  private static void learnRange(float[] state, int offset, float value, int seen) {
    if (seen == 0) {
      state[offset + 1] = value;
      state[offset + 2] = value;
      state[offset + 3] = value;
      state[offset + 4] = Math.max(1f, Math.abs(value)) * 0x1p-30f; // doubles until the values fit
    } else {
      state[offset + 1] = Math.min(state[offset + 1], value);
      state[offset + 2] = Math.max(state[offset + 2], value);
    }
    double anchor = state[offset + 3];
    long cell = (long) Math.floor((value - anchor) / state[offset + 4]);
    while (cell < -FINE / 2 || cell >= FINE / 2) {
      coarsen(state, offset);
      cell = (long) Math.floor((value - anchor) / state[offset + 4]);
    }
    set(state, offset + LEVEL_BITS, (int) cell + FINE / 2);
  }

  /** Doubles the fine cells' width: cell j becomes cell floor(j / 2). */
  private static void coarsen(float[] state, int offset) {
    boolean[] marked = new boolean[FINE];
    for (int i = 0; i < FINE; i++) {
      if (isSet(state, offset + LEVEL_BITS, i)) {
        marked[Math.floorDiv(i - FINE / 2, 2) + FINE / 2] = true;
      }
    }
    clearBits(state, offset);
    for (int i = 0; i < FINE; i++) {
      if (marked[i]) {
        set(state, offset + LEVEL_BITS, i);
      }
    }
    state[offset + 4] *= 2;
  }

  /** Turns the warm-up's fine cells into the levels they overlap within its range. */
  private static void markWarmUpLevels(float[] state, int offset) {
    boolean[] levels = new boolean[LEVELS];
    double anchor = state[offset + 3];
    double width = state[offset + 4];
    float min = state[offset + 1];
    float max = state[offset + 2];
    for (int i = 0; i < FINE; i++) {
      if (isSet(state, offset + LEVEL_BITS, i)) {
        double from = Math.max(min, anchor + (i - FINE / 2) * width);
        double to = Math.min(max, anchor + (i - FINE / 2 + 1) * width);
        int first = level(state, offset, from);
        int last = to >= max ? level(state, offset, max) : level(state, offset, Math.nextDown(to));
        for (int level = first; level <= last; level++) {
          levels[level] = true;
        }
      }
    }
    clearBits(state, offset);
    for (int level = 0; level < LEVELS; level++) {
      if (levels[level]) {
        set(state, offset + LEVEL_BITS, level);
      }
    }
  }

  /**
   * The level of {@code value}, 0 .. LEVELS - 1 (the range's own levels are OVERFLOW .. OVERFLOW +
   * BINS - 1; a constant warm-up's levels are a thousandth of its magnitude wide).
   */
  private static int level(float[] state, int offset, double value) {
    double min = state[offset + 1];
    double range = state[offset + 2] - min;
    double width = (range > 0 ? range : Math.max(1, Math.abs(min)) * 1e-3) / (BINS - 1);
    double bin = Math.floor((value - min) / width);
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

  private static void clearBits(float[] state, int offset) {
    Arrays.fill(state, offset + LEVEL_BITS, offset + LEVEL_BITS + LEVEL_WORDS, 0f);
  }
}
