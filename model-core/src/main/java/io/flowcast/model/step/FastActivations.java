package io.flowcast.model.step;

/**
 * tanh and sigmoid in float arithmetic only (fused multiply-add, multiply, divide, min, max), so
 * that the JIT can vectorise the gate loops that call them; the polynomials use {@link Math#fma},
 * which C2 turns into vector FMA instructions (about 30% faster gate loops than separate multiply
 * and add; a CPU without FMA, pre-2013 x86, would fall back to a slow software fma). {@link
 * Math#tanh} and {@link Math#exp} cost about 20 ns each and are not vectorised, which made them
 * the wall of the batched step.
 *
 * <p>tanh is Eigen's rational minimax approximation (degree 13/6 on [-7.9988, 7.9988], clamped
 * outside); sigmoid(x) = 0.5 + 0.5 tanh(x / 2). The maximum absolute error against {@code
 * Math.tanh} is 2.9e-7 (tanh) and 1.7e-7 (sigmoid) over all floats (tested in {@code
 * FastActivationsTest}); far inside the 1e-5 float32 tolerance of the golden tests.
 */
public final class FastActivations {
  static final float CLAMP = 7.99881172180175781f;
  static final float ALPHA_1 = 4.89352455891786e-03f;
  static final float ALPHA_3 = 6.37261928875436e-04f;
  static final float ALPHA_5 = 1.48572235717979e-05f;
  static final float ALPHA_7 = 5.12229709037114e-08f;
  static final float ALPHA_9 = -8.60467152213735e-11f;
  static final float ALPHA_11 = 2.00018790482477e-13f;
  static final float ALPHA_13 = -2.76076847742355e-16f;
  static final float BETA_0 = 4.89352518554385e-03f;
  static final float BETA_2 = 2.26843463243900e-03f;
  static final float BETA_4 = 1.18534705686654e-04f;
  static final float BETA_6 = 1.19825839466702e-06f;

  private FastActivations() {}

  /** tanh(x), absolute error at most 2.9e-7; NaN in gives NaN out. */
  public static float tanh(float x) {
    float clamped = Math.max(-CLAMP, Math.min(CLAMP, x));
    float x2 = clamped * clamped;
    float p = ALPHA_13;
    p = Math.fma(p, x2, ALPHA_11);
    p = Math.fma(p, x2, ALPHA_9);
    p = Math.fma(p, x2, ALPHA_7);
    p = Math.fma(p, x2, ALPHA_5);
    p = Math.fma(p, x2, ALPHA_3);
    p = Math.fma(p, x2, ALPHA_1);
    p = p * clamped;
    float q = BETA_6;
    q = Math.fma(q, x2, BETA_4);
    q = Math.fma(q, x2, BETA_2);
    q = Math.fma(q, x2, BETA_0);
    return p / q;
  }

  /** The logistic function 1 / (1 + e^-x), computed as 0.5 + 0.5 tanh(x / 2). */
  public static float sigmoid(float x) {
    return Math.fma(0.5f, tanh(0.5f * x), 0.5f);
  }
}
