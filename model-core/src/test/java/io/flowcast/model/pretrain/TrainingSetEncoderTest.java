package io.flowcast.model.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.SensorWindows;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingSetEncoderTest {
  private static final ForecastSettings SETTINGS = ForecastSettings.defaults().withHorizon(2);
  private static final long W = 1000;

  private static SensorWindows sensor(String id, long[] windowIndices, double... values) {
    long[] starts = new long[windowIndices.length];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = windowIndices[i] * W;
    }
    return new SensorWindows(id, W, starts, values);
  }

  private static long[] range(int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  private static TrainingSet encode(GapPolicy policy, double validation, SensorWindows... sensors) {
    return new TrainingSetEncoder(SETTINGS, policy, 3, validation, 2).encode(List.of(sensors));
  }

  @Test
  void targetsAreTheNextWindowsNormalisedWithTheCurrentStatistics() {
    TrainingSet set = encode(GapPolicy.IMPUTE, 0,
        sensor("a", range(5), 2, 4, 9, 1, 5), sensor("b", range(5), 20, 40, 90, 10, 50));
    assertThat(set.train()).hasSize(2);
    TrainingSeries a = set.train().get(0);
    assertThat(a.length()).as("the last horizon windows have no targets").isEqualTo(3);

    // after {2, 4, 9}: exact running mean 5 and population variance 26/3
    double scale = Math.sqrt(26.0 / 3);
    assertThat(a.target(2, 0)).isCloseTo((1 - 5) / scale, within(1e-5));
    assertThat(a.target(2, 1)).isCloseTo((5 - 5) / scale, within(1e-5));
    assertThat(a.input(2, 0)).isCloseTo((9 - 5) / scale, within(1e-5));
    assertThat(a.input(0, 2)).as("cos of the season phase at time 0").isEqualTo(1.0);
    // a sensor ten times larger encodes to the same normalised values
    assertThat(set.train().get(1).target(2, 0)).isCloseTo(a.target(2, 0), within(1e-5));
    assertThat(a.totalWeight()).isEqualTo(3);
  }

  @Test
  void imputeStepsThroughMissedWindowsAtTheMeanAndLeavesTheirTargetsOut() {
    // windows 0..3, then 6..9: windows 4 and 5 missed
    TrainingSet set = encode(GapPolicy.IMPUTE, 0, sensor("a", new long[] {0, 1, 2, 3, 6, 7, 8, 9},
        1, 2, 3, 4, 5, 6, 7, 8));
    assertThat(set.imputedWindows()).isEqualTo(2);
    TrainingSeries a = set.train().get(0);
    assertThat(a.length()).isEqualTo(10 - 2);
    assertThat(a.input(4, 0)).as("an imputed window is fed the running mean").isZero();
    // step 2's horizon is windows 3 and 4 (missed), step 3's 4 and 5, step 4's 5 and 6 (window 5 missed)
    assertThat(new double[] {a.weight(1), a.weight(2), a.weight(3), a.weight(4), a.weight(5)})
        .containsExactly(1, 0, 0, 0, 1);
    double phaseOfWindow4 = 2 * Math.PI * 4 * W / SETTINGS.seasonPeriodMillis();
    assertThat(a.input(4, 1)).isCloseTo(Math.sin(phaseOfWindow4), within(1e-6));
  }

  @Test
  void continueClosesTheGapAndResetStartsANewSeries() {
    SensorWindows gappy = sensor("a", new long[] {0, 1, 2, 3, 6, 7, 8, 9}, 1, 2, 3, 4, 5, 6, 7, 8);
    TrainingSet carryOn = encode(GapPolicy.CONTINUE, 0, gappy);
    assertThat(carryOn.train()).hasSize(1);
    assertThat(carryOn.train().get(0).length()).isEqualTo(8 - 2);
    assertThat(carryOn.train().get(0).totalWeight()).isEqualTo(6);

    TrainingSet reset = encode(GapPolicy.RESET, 0, gappy);
    assertThat(reset.stateResets()).isEqualTo(1);
    assertThat(reset.train()).extracting(TrainingSeries::length).containsExactly(2, 2);
  }

  @Test
  void aGapLongerThanTheMaximumEndsTheSeriesWhateverThePolicy() {
    SensorWindows gappy = sensor("a", new long[] {0, 1, 2, 3, 8, 9, 10, 11}, 1, 2, 3, 4, 5, 6, 7, 8);
    for (GapPolicy policy : GapPolicy.values()) {
      TrainingSet set = encode(policy, 0, gappy); // 4 missed > max 3
      assertThat(set.stateResets()).as(policy.name()).isEqualTo(1);
      assertThat(set.imputedWindows()).isZero();
      assertThat(set.train()).hasSize(2);
    }
  }

  @Test
  void validationIsTheEndOfEachSeriesLedByABurnInAndTrainingTargetsStopBeforeIt() {
    double[] values = new double[20];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.sin(i);
    }
    TrainingSet set = encode(GapPolicy.IMPUTE, 0.25, sensor("a", range(20), values));
    TrainingSeries train = set.train().get(0);
    TrainingSeries validation = set.validation().get(0);
    assertThat(train.length()).as("windows 0..14, the last two without targets").isEqualTo(13);
    assertThat(validation.length()).as("burn-in 13, 14, then 15..19 less the horizon").isEqualTo(5);
    assertThat(validation.weight(0)).isZero();
    assertThat(validation.weight(1)).isZero();
    assertThat(validation.totalWeight()).isEqualTo(3);
    assertThat(set.windows()).isEqualTo(20);
  }
}
