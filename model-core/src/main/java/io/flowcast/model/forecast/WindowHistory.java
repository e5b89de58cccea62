package io.flowcast.model.forecast;

/**
 * A sensor's most recent model steps, kept in its state array so that training samples can be cut
 * from exactly what the model was fed: per step the model input ({@link WindowEncoding}: z, sin,
 * cos), the sensor's mean and scale of that step (the targets of a step are later windows'
 * values under them), the window's value and what kind of step it was ({@link #IMPUTED}, {@link
 * #ANOMALOUS}, {@link #WARM_UP}). The section holds a header {@code [filled, since last sample]}
 * and then {@link #STEP} floats per step, oldest first; appending to a full history drops the
 * oldest step.
 */
public final class WindowHistory {
  /** Floats per step: z, sin, cos, mean, scale, value, flags. */
  public static final int STEP = 7;
  /** The step fed an imputed value for a missed window. */
  public static final int IMPUTED = 1;
  /** The window's score reached the anomaly threshold. */
  public static final int ANOMALOUS = 2;
  /** The sensor's scale had seen fewer than the warm-up windows. */
  public static final int WARM_UP = 4;
  private static final int HEADER = 2;
  private static final int MEAN = 3;
  private static final int SCALE = 4;
  private static final int VALUE = 5;
  private static final int FLAGS = 6;

  private final int offset;
  private final int capacity;

  /** The history section of {@code layout}, which must keep history. */
  public WindowHistory(SensorStateLayout layout) {
    if (layout.historySteps() < 1) {
      throw new IllegalArgumentException("the layout keeps no window history");
    }
    this.offset = layout.historyOffset();
    this.capacity = layout.historySteps();
  }

  /** Floats of a history of {@code steps} steps. */
  static int size(int steps) {
    return HEADER + steps * STEP;
  }

  /** Steps kept at most. */
  public int capacity() {
    return capacity;
  }

  /** Records one step; {@code input} holds the model input at {@code inputOffset}. */
  void append(float[] state, float[] input, int inputOffset, float mean, float scale, float value, int flags) {
    int filled = filled(state);
    int at = offset + HEADER;
    if (filled == capacity) {
      System.arraycopy(state, at + STEP, state, at, (capacity - 1) * STEP);
      filled--;
    }
    int step = at + filled * STEP;
    System.arraycopy(input, inputOffset, state, step, WindowEncoding.INPUT_SIZE);
    state[step + MEAN] = mean;
    state[step + SCALE] = scale;
    state[step + VALUE] = value;
    state[step + FLAGS] = flags;
    state[offset] = filled + 1;
    state[offset + 1] = Math.min(state[offset + 1] + 1, 1 << 24);
  }

  /** Forgets every step (a reset of the recurrent state breaks the sequence). */
  void clear(float[] state) {
    java.util.Arrays.fill(state, offset, offset + size(capacity), 0f);
  }

  /** Steps recorded, at most {@link #capacity()}. */
  public int filled(float[] state) {
    return (int) state[offset];
  }

  /** Steps recorded since the last {@link #markSampled}. */
  public int sinceSample(float[] state) {
    return (int) state[offset + 1];
  }

  /** Notes that a sample was cut now. */
  public void markSampled(float[] state) {
    state[offset + 1] = 0;
  }

  /** Model input {@code j} of step {@code i} (0 = the oldest kept). */
  public float input(float[] state, int i, int j) {
    return state[stepAt(i) + j];
  }

  /** The training target of step {@code i} for step {@code later}'s window, under step {@code i}'s mean and scale. */
  public float target(float[] state, int i, int later, ForecastTarget target) {
    int step = stepAt(i);
    return target.target(state[stepAt(later) + VALUE], state[step + VALUE], state[step + MEAN], state[step + SCALE]);
  }

  /** The kind flags of step {@code i}. */
  public int flags(float[] state, int i) {
    return (int) state[stepAt(i) + FLAGS];
  }

  private int stepAt(int i) {
    return offset + HEADER + i * STEP;
  }
}
