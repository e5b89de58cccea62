package io.flowcast.flink.forecast;

import static io.flowcast.flink.forecast.ForecastOperatorHarness.config;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.finish;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.open;
import static io.flowcast.flink.forecast.ForecastOperatorHarness.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.schemas.Forecast;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapPolicyTest {

  /** Windows 0..4, then {@code resumeAt}, then the one after it. */
  private static List<Forecast> runWithGap(GapPolicy policy, int resumeAt) throws Exception {
    try (var harness = open(config(4, policy, Duration.ZERO), null)) {
      for (int t = 0; t < 5; t++) {
        harness.processElement(window("s", t));
      }
      harness.processElement(window("s", resumeAt));
      harness.processElement(window("s", resumeAt + 1));
      return finish(harness);
    }
  }

  @Test
  void imputeStepsThroughMissedWindowsAndKeepsForecasting() throws Exception {
    List<Forecast> impute = runWithGap(GapPolicy.IMPUTE, 8);
    List<Forecast> carryOn = runWithGap(GapPolicy.CONTINUE, 8);
    Forecast resumed = impute.get(5);
    assertThat(resumed.getMissedWindows()).isEqualTo(3);
    assertThat(resumed.getResidual()).as("forecast carried through the gap").isNotNull();
    // imputation advanced the state three more steps than CONTINUE did
    assertThat(resumed.getForecasts()).isNotEqualTo(carryOn.get(5).getForecasts());
    assertThat(impute.get(6).getMissedWindows()).isZero();
  }

  @Test
  void continueUsesTheForecastMadeForTheWindowAfterTheLastOne() throws Exception {
    List<Forecast> out = runWithGap(GapPolicy.CONTINUE, 8);
    Forecast last = out.get(4);
    Forecast resumed = out.get(5);
    double expectedResidual = resumed.getActual() - last.getForecasts().get(0).floatValue();
    assertThat(resumed.getResidual()).isCloseTo(expectedResidual, within(1e-3));
    assertThat(resumed.getMissedWindows()).isEqualTo(3);
  }

  @Test
  void resetStartsTheSensorAfresh() throws Exception {
    Forecast resumed = runWithGap(GapPolicy.RESET, 8).get(5);
    assertThat(resumed.getResidual()).isNull();
    assertThat(resumed.getMissedWindows()).isEqualTo(3);
  }

  @Test
  void aGapLongerThanTheMaximumResetsWhateverThePolicy() throws Exception {
    for (GapPolicy policy : GapPolicy.values()) {
      List<Forecast> out = runWithGap(policy, 5 + 13); // 13 missed > max 12
      assertThat(out.get(5).getResidual()).as(policy.name()).isNull();
      assertThat(out.get(5).getMissedWindows()).isEqualTo(13);
      assertThat(out.get(6).getResidual()).isNotNull();
    }
  }
}
