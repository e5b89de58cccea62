package io.flowcast.model.forecast;

/**
 * One step of adaptive conformal inference (Gibbs and Candès, NeurIPS 2021) on the log of an
 * interval's scale factor: after each actual, {@code log q += rate * (missed - missTarget)}, so q
 * grows after an actual outside the interval and shrinks after one inside, and over any long
 * stretch the share outside tends to {@code missTarget} whatever the errors' distribution. The
 * log stays within +-{@value #MAX_LOG} (q within about [0.007, 148]).
 */
final class ConformalFactor {
  /** Bound of the log factor. */
  static final float MAX_LOG = 5f;

  private ConformalFactor() {}

  /** The log factor after an actual that {@code missed} (1) or fell inside (0) its interval. */
  static float next(float logFactor, float rate, float missed, float missTarget) {
    float next = logFactor + rate * (missed - missTarget);
    return Math.max(-MAX_LOG, Math.min(MAX_LOG, next));
  }
}
