package io.flowcast.model.forecast;

/**
 * The standard normal distribution's tails, the one home of this math for scores and intervals.
 * Java has no {@code erf}; {@link #erfc} is the Chebyshev fit of Numerical Recipes (3rd ed.,
 * §6.2.2, {@code erfccheb}), fractional error below 1.2e-7 everywhere.
 */
public final class Gaussian {
  private Gaussian() {}

  /** The complementary error function {@code erfc(x) = 1 - erf(x)}. */
  public static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
        + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  /** {@code P(|N(0, 1)| > u)} for {@code u >= 0}: the two-sided tail beyond {@code u} standard deviations. */
  public static double twoSidedTail(double u) {
    return erfc(u / Math.sqrt(2));
  }
}
