package io.flowcast.model.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.forecast.ReplayForecast;
import io.flowcast.model.forecast.ReplayWindow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForecastErrorsTest {
  private static final long MINUTE = 60_000;

  /** Windows 0..5 with values 0, 2, 4, 6, 8, 10 (one per minute); the first two pre-train. */
  private static EvaluatedSeries series(int horizon, float[][] forecasts, float halfWidth) {
    double[] values = {0, 2, 4, 6, 8, 10};
    long[] times = new long[values.length];
    for (int i = 0; i < times.length; i++) {
      times[i] = i * MINUTE;
    }
    RecordedFile file = new RecordedFile(Path.of("s.csv"), "s.csv", "timestamp", List.of("value"),
        List.of("0", "1", "2", "3", "4", "5"), times, new double[][] {values});
    RecordedSeries recorded = RecordedSeries.of(file, 0, MINUTE);
    EvaluatedSeries series = new EvaluatedSeries(recorded, horizon, 2, 2);
    for (int w = 0; w < values.length; w++) {
      float[] lower = new float[horizon];
      float[] upper = new float[horizon];
      for (int k = 0; k < horizon; k++) {
        lower[k] = forecasts[w][k] - halfWidth;
        upper[k] = forecasts[w][k] + halfWidth;
      }
      series.accept(new ReplayForecast(new ReplayWindow("s", w * MINUTE, (w + 1) * MINUTE, values[w]), forecasts[w],
          lower, upper, Float.NaN, Float.NaN, false, 0));
    }
    return series;
  }

  @Test
  void oneStepErrorsAreInUnitsOfThePretrainingPartAndPersistenceIsTheLastValue() {
    // forecasts for the next window: 1 too high from window 1 on
    float[][] forecasts = {{3}, {5}, {7}, {9}, {11}, {13}};
    ForecastErrors errors = ForecastErrors.of(series(1, forecasts, 1.5f));

    // pre-training windows 0 and 1: mean 1, sd 1 (ddof 0); online targets are windows 2..5,
    // forecast by windows 1..4: errors -1 each, persistence errors -2 each
    assertThat(errors.pairs()).isEqualTo(4);
    assertThat(errors.mse()).isCloseTo(1.0, within(1e-12));
    assertThat(errors.mae()).isCloseTo(1.0, within(1e-12));
    assertThat(errors.msePersistence()).isCloseTo(4.0, within(1e-12));
    assertThat(errors.maePersistence()).isCloseTo(2.0, within(1e-12));
    assertThat(errors.mase()).isCloseTo(0.5, within(1e-12));
    assertThat(errors.coverage()).isEqualTo(1.0); // |error| 1 <= 1.5
    assertThat(ForecastErrors.of(series(1, forecasts, 0.5f)).coverage()).isZero();
  }

  @Test
  void multiStepPairsStayInsideTheOnlinePartAndTheData() {
    // horizon 2: forecast k of window w is w's value + 2 (k + 1) + k (exact for k 0, 1 too high for k 1)
    float[][] forecasts = new float[6][2];
    for (int w = 0; w < 6; w++) {
      forecasts[w][0] = 2 * w + 2;
      forecasts[w][1] = 2 * w + 4 + 1;
    }
    ForecastErrors errors = ForecastErrors.of(series(2, forecasts, 0.5f));

    // origins 1..4: k 0 targets 2..5 (4 pairs, exact), k 1 targets 3..5 (3 pairs, error 1 sd)
    assertThat(errors.pairs()).isEqualTo(7);
    assertThat(errors.mae()).isCloseTo(3 * 1.0 / 7, within(1e-12));
    assertThat(errors.covered()).isEqualTo(4); // the k 1 forecasts miss by 1 > 0.5
    assertThat(errors.missing()).isZero();
    assertThat(errors.pairsByStep()).containsExactly(4, 3);
    assertThat(errors.coverageByStep()).containsExactly(1.0, 0.0);
  }

  @Test
  void theMeanOverSeriesWeighsEachSeriesTheSameAndPoolsTheCoverage() {
    ForecastErrors a = new ForecastErrors(10, 1, 1, 2, 2, 10, 0, new long[] {6, 4}, new long[] {6, 4});
    ForecastErrors b = new ForecastErrors(30, 3, 2, 4, 3, 15, 1, new long[] {16, 14}, new long[] {10, 5});
    ForecastErrors mean = ForecastErrors.meanOf(List.of(a, b));
    assertThat(mean.mse()).isEqualTo(2);
    assertThat(mean.maePersistence()).isEqualTo(2.5);
    assertThat(mean.coverage()).isEqualTo(25 / 40.0);
    assertThat(mean.missing()).isEqualTo(1);
    assertThat(mean.coverageByStep()).containsExactly(16 / 22.0, 9 / 18.0);
  }
}
