package io.flowcast.model.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.finetune.FineTuneSettings;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.pretrain.OptimizerChoice;
import io.flowcast.model.pretrain.PretrainingSettings;
import io.flowcast.model.pretrain.WeightInit;
import io.flowcast.model.testutils.RandomModels;
import io.flowcast.model.train.Loss;
import org.junit.jupiter.api.Test;

class EvaluationSettingsTest {
  private static final PretrainingSettings PRETRAINING = new PretrainingSettings(CellType.GRU, 8, 1,
      WeightInit.XAVIER_ORTHOGONAL, OptimizerChoice.ADAM, 0.9, 0.01, 1.0, 0, 0, 2, 5, 8, 32, 8, 0, 1);
  private static final ModelParameters MODEL =
      RandomModels.parameters(new ModelConfig(CellType.LSTM, WindowEncoding.INPUT_SIZE, 8, 1, 1), 3);

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
        PRETRAINING, MODEL, null, new FineTuneSettings(Loss.MSE, OptimizerChoice.ADAM, 0.9, 0.01, 8, 1, 0, 1.0, 0, 64, 16, 32,
            60_000, 16, 0.5, 7)))
        .hasMessageContaining("fine-tuning needs both");
    assertThatThrownBy(() -> new EvaluationSettings(ForecastSettings.defaults(), GapPolicy.IMPUTE, 12, 64, -1, 0, 0,
        PRETRAINING, MODEL, null, null))
        .hasMessageContaining("window must be >= 0 ms");
  }
}
