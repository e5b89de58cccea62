package io.flowcast.model.evaluate;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.finetune.FineTuneSettings;
import io.flowcast.model.finetune.SampleSettings;
import io.flowcast.model.forecast.ForecastSettings;
import io.flowcast.model.forecast.GapPolicy;
import io.flowcast.model.pretrain.PretrainingSettings;

/**
 * How a {@link RecordedEvaluation} replays recorded files: the job's own forecasting settings, and
 * how each file splits into a pre-training part and an online part.
 *
 * @param forecast the job's {@code forecast.*} and {@code anomaly.*} settings
 * @param gapPolicy the job's {@code gap.policy}
 * @param maxGapWindows the job's {@code gap.max-windows}
 * @param bundleSize the job's {@code bundle.size}: windows per batched step
 * @param windowMillis window length; 0 for each file's own sampling interval
 * @param pretrainFraction leading share of each file's rows that pre-trains the model, in [0, 1)
 * @param validationFraction share of each file's rows right after the pre-training part that
 *     validates it (early stopping), in [0, 1); pre-training and validation together must leave
 *     rows online
 * @param pretraining how the model is pre-trained; used when {@code pretrainFraction > 0}
 * @param initial the model to start from when nothing is pre-trained; null otherwise
 * @param samples how training samples are cut online ({@code finetune.*}); null without
 *     fine-tuning
 * @param tuning the online fine-tuner ({@code finetune.*}); null without fine-tuning
 */
public record EvaluationSettings(
    ForecastSettings forecast,
    GapPolicy gapPolicy,
    int maxGapWindows,
    int bundleSize,
    long windowMillis,
    double pretrainFraction,
    double validationFraction,
    PretrainingSettings pretraining,
    ModelParameters initial,
    SampleSettings samples,
    FineTuneSettings tuning) {

  public EvaluationSettings {
    if (!(pretrainFraction >= 0 && pretrainFraction < 1) || !(validationFraction >= 0 && validationFraction < 1)
        || pretrainFraction + validationFraction >= 1) {
      throw new IllegalArgumentException("the pre-training fraction (" + pretrainFraction + ") and the validation"
          + " fraction (" + validationFraction + ") must be in [0, 1) and leave rows online");
    }
    if (validationFraction > 0 && pretrainFraction == 0) {
      throw new IllegalArgumentException("a validation fraction needs a pre-training fraction (--pretrain-fraction)");
    }
    if (pretrainFraction > 0 ? pretraining == null : initial == null) {
      throw new IllegalArgumentException(pretrainFraction > 0
          ? "pre-training needs its settings" : "without pre-training, give the model to start from");
    }
    if ((samples == null) != (tuning == null)) {
      throw new IllegalArgumentException("fine-tuning needs both its sample and its round settings");
    }
    if (windowMillis < 0 || bundleSize < 1) {
      throw new IllegalArgumentException("window must be >= 0 ms and bundles >= 1 window");
    }
  }

  /** Whether the model keeps learning online. */
  public boolean fineTunes() {
    return tuning != null;
  }

  /** The first online row of a file of {@code rows} rows. */
  public int onlineStartRow(int rows) {
    return (int) Math.round((pretrainFraction + validationFraction) * rows);
  }

  /** The first validation row of a file of {@code rows} rows: the end of its pre-training part. */
  public int validationStartRow(int rows) {
    return (int) Math.round(pretrainFraction * rows);
  }
}
