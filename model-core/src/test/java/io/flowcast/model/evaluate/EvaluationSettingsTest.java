package io.flowcast.model.evaluate;

import static io.flowcast.model.evaluate.EvaluationFixtures.PRETRAINING;
import static io.flowcast.model.evaluate.EvaluationFixtures.TUNING;
import static io.flowcast.model.evaluate.EvaluationFixtures.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import org.junit.jupiter.api.Test;

class EvaluationSettingsTest {
  private static final ModelParameters MODEL = model();

  private static EvaluationSettings settings(double pretrain, double validation) {
    return new EvaluationSettings(ForecastSettings.defaults(), GapPolicy.IMPUTE, 12, 64, 0, pretrain, validation,
        PRETRAINING, pretrain > 0 ? null : MODEL, null, null);
  }

  @Test
  void eachFileSplitsIntoPreTrainingValidationAndOnlineRows() {
    EvaluationSettings settings = settings(0.2, 0.05);

    assertThat(settings.validationStartRow(14_400)).isEqualTo(2_880);
    assertThat(settings.onlineStartRow(14_400)).isEqualTo(3_600);
    assertThat(settings(0, 0).onlineStartRow(14_400)).isZero();
  }

  @Test
  void refusesFractionsThatLeaveNoRowsOnlineOrLieOutsideTheUnitInterval() {
    assertThatThrownBy(() -> settings(0.6, 0.4)).hasMessageContaining("leave rows online");
    assertThatThrownBy(() -> settings(1.0, 0)).hasMessageContaining("must be in [0, 1)");
    assertThatThrownBy(() -> settings(0.2, -0.1)).hasMessageContaining("must be in [0, 1)");
    assertThatThrownBy(() -> settings(Double.NaN, 0)).hasMessageContaining("must be in [0, 1)");
  }

  @Test
  void refusesAValidationFractionWithoutPreTraining() {
    assertThatThrownBy(() -> settings(0, 0.1))
        .hasMessage("a validation fraction needs a pre-training fraction (--pretrain-fraction)");
  }

  @Test
  void refusesFineTuningWithOnlyHalfItsSettingsAndANegativeWindow() {
    assertThatThrownBy(() -> new EvaluationSettings(ForecastSettings.defaults(), GapPolicy.IMPUTE, 12, 64, 0, 0, 0,
        PRETRAINING, MODEL, null, TUNING))
        .hasMessageContaining("fine-tuning needs both");
    assertThatThrownBy(() -> new EvaluationSettings(ForecastSettings.defaults(), GapPolicy.IMPUTE, 12, 64, -1, 0, 0,
        PRETRAINING, MODEL, null, null))
        .hasMessageContaining("window must be >= 0 ms");
  }
}
