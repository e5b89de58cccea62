package io.flowcast.model.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HorizonCalibrationTest {
  private static final int HORIZON = 6;
  private static final float Z = 1.96f;

  /** A process and the forecasts made from its last value, k + 1 windows ahead. */
  private interface Forecaster {
    float next(float last, Random random);

    float forecast(float last, int k);

    /** The true standard deviation of the k-step error. */
    double errorSd(int k);
  }

  private static final Forecaster WHITE_NOISE = new Forecaster() {
    public float next(float last, Random random) {
      return (float) random.nextGaussian();
    }

    public float forecast(float last, int k) {
      return 0f;
    }

    public double errorSd(int k) {
      return 1;
    }
  };

  private static final Forecaster RANDOM_WALK = new Forecaster() {
    public float next(float last, Random random) {
      return last + (float) random.nextGaussian();
    }

    public float forecast(float last, int k) {
      return last;
    }

    public double errorSd(int k) {
      return Math.sqrt(k + 1);
    }
  };

  private static final double PHI = 0.8;
  private static final Forecaster AR1 = new Forecaster() {
    public float next(float last, Random random) {
      return (float) (PHI * last + random.nextGaussian());
    }

    public float forecast(float last, int k) {
      return (float) (Math.pow(PHI, k + 1) * last);
    }

    public double errorSd(int k) {
      return Math.sqrt((1 - Math.pow(PHI, 2 * (k + 1))) / (1 - PHI * PHI));
    }
  };

  /** Per step over the second half of a run: the share of actuals covered and the mean factor. */
  private record Outcome(double[] coverage, double[] meanFactor) {}

  /** Runs {@code windows} windows (one-step half-width Z, the true one). */
  private static Outcome run(HorizonCalibration calibration, float[] state, Forecaster process, int windows,
      long seed) {
    Random random = new Random(seed);
    float last = 0f;
    float[][] lower = new float[windows + HORIZON + 1][HORIZON];
    float[][] upper = new float[windows + HORIZON + 1][HORIZON];
    int[] covered = new int[HORIZON];
    int[] judged = new int[HORIZON];
    double[] factors = new double[HORIZON];
    for (int t = 0; t < windows; t++) {
      float actual = process.next(last, random);
      calibration.arrive(state, 0, actual);
      if (t > windows / 2) {
        for (int k = 0; k < HORIZON; k++) {
          int origin = t - k - 1;
          if (origin >= 0) {
            judged[k]++;
            covered[k] += actual >= lower[origin][k] && actual <= upper[origin][k] ? 1 : 0;
          }
        }
      }
      last = actual;
      for (int k = 0; k < HORIZON; k++) {
        float forecast = process.forecast(last, k);
        float factor = calibration.factor(state, 0, k);
        if (t > windows / 2) {
          factors[k] += factor / (windows - windows / 2 - 1);
        }
        float halfWidth = Z * factor;
        lower[t][k] = forecast - halfWidth;
        upper[t][k] = forecast + halfWidth;
        calibration.offer(state, 0, k, forecast, Z, halfWidth);
      }
    }
    double[] coverage = new double[HORIZON];
    for (int k = 0; k < HORIZON; k++) {
      coverage[k] = covered[k] / (double) judged[k];
    }
    return new Outcome(coverage, factors);
  }

  @Test
  void withoutEvidenceTheIntervalWidensAsARandomWalkDoes() {
    HorizonCalibration calibration = new HorizonCalibration(HORIZON, 0.95, 0.05);
    float[] state = new float[HorizonCalibration.size(HORIZON)];
    for (int k = 0; k < HORIZON; k++) {
      assertThat(calibration.factor(state, 0, k)).isCloseTo((float) Math.sqrt(k + 1), within(1e-6f));
    }
  }

  @Test
  void learnsTheRatioOfTheErrorsSpreadFurtherAheadToTheOneStepErrors() {
    for (Forecaster process : new Forecaster[] {WHITE_NOISE, RANDOM_WALK, AR1}) {
      HorizonCalibration calibration = new HorizonCalibration(HORIZON, 0.95, 0.05);
      float[] state = new float[HorizonCalibration.size(HORIZON)];
      double[] factor = run(calibration, state, process, 40_000, 3).meanFactor();
      for (int k = 1; k < HORIZON; k++) {
        assertThat(factor[k]).as("step %d", k)
            .isCloseTo(process.errorSd(k) / process.errorSd(0), within(0.1 * process.errorSd(k)));
      }
    }
  }

  @Test
  void everyStepCoversItsNominalShare() {
    for (Forecaster process : new Forecaster[] {WHITE_NOISE, RANDOM_WALK, AR1}) {
      double[] coverage = run(new HorizonCalibration(HORIZON, 0.95, 0.05), new float[HorizonCalibration.size(HORIZON)],
          process, 40_000, 7).coverage();
      for (int k = 0; k < HORIZON; k++) {
        assertThat(coverage[k]).as("step %d", k).isBetween(0.93, 0.97);
      }
    }
  }

  @Test
  void stepKLearnsOnlyWhenItsWindowArrivesAndFromAboutOneOriginInKPlusOneAndAHalf() {
    HorizonCalibration calibration = new HorizonCalibration(3, 0.95, 0.05);
    float[] state = new float[HorizonCalibration.size(3)];
    calibration.offer(state, 0, 2, 10f, 1f, 1f);
    calibration.arrive(state, 0, 99f);
    calibration.arrive(state, 0, 99f);
    assertThat(state[8 * 2 + 1]).isZero(); // not yet: the forecast is for the third window
    calibration.arrive(state, 0, 12f);
    assertThat(state[8 * 2 + 1]).isEqualTo(1f);
    assertThat(state[8 * 2]).isEqualTo(4f); // u = (12 - 10) / 1

    HorizonCalibration longer = new HorizonCalibration(HORIZON, 0.95, 0.05);
    float[] counts = new float[HorizonCalibration.size(HORIZON)];
    run(longer, counts, WHITE_NOISE, 7_000, 1);
    for (int k = 0; k < HORIZON; k++) {
      double expected = k == 0 ? 7_000 : 7_000 / (k + 1.5);
      assertThat((double) counts[8 * k + 1]).as("step %d", k).isCloseTo(expected, within(2.0));
    }
  }

  @Test
  void anImputedWindowIsNotLearnedFromAndForgettingTheForecastsKeepsTheEvidence() {
    HorizonCalibration calibration = new HorizonCalibration(2, 0.95, 0.05);
    float[] state = new float[HorizonCalibration.size(2)];
    calibration.offer(state, 0, 0, 0f, 1f, 1f);
    calibration.offer(state, 0, 1, 0f, 1f, 1f);
    calibration.arrive(state, 0, Float.NaN);
    assertThat(state[1]).isZero();
    calibration.offer(state, 0, 0, 0f, 1f, 1f);
    calibration.arrive(state, 0, 3f);
    assertThat(state[0]).isEqualTo(9f);
    assertThat(state[8 + 1]).isEqualTo(1f);
    calibration.offer(state, 0, 0, 0f, 1f, 1f);
    calibration.forgetForecasts(state, 0);
    calibration.arrive(state, 0, 5f);
    assertThat(state[0]).isEqualTo(9f);
    assertThat(state[1]).isEqualTo(1f);
  }

  @Test
  void horizonOneKeepsNothing() {
    assertThat(HorizonCalibration.size(1)).isZero();
    HorizonCalibration calibration = new HorizonCalibration(1, 0.95, 0.05);
    float[] none = new float[0];
    calibration.offer(none, 0, 0, 1f, 1f, 1f);
    calibration.arrive(none, 0, 1f);
    assertThat(calibration.factor(none, 0, 0)).isEqualTo(1f);
  }
}
