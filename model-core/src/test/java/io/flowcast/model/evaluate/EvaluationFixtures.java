package io.flowcast.model.evaluate;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.finetune.FineTuneSettings;
import io.flowcast.model.finetune.SampleSettings;
import io.flowcast.model.forecast.WindowEncoding;
import io.flowcast.model.pretrain.OptimizerChoice;
import io.flowcast.model.pretrain.PretrainingSettings;
import io.flowcast.model.pretrain.WeightInit;
import io.flowcast.model.testutils.RandomModels;
import io.flowcast.model.train.Loss;

/** Small, fast models and training settings for the evaluation tests. */
final class EvaluationFixtures {
  /** A GRU 8 x 1 pre-trained for 2 epochs of 5 steps. */
  static final PretrainingSettings PRETRAINING = new PretrainingSettings(CellType.GRU, 8, 1,
      WeightInit.XAVIER_ORTHOGONAL, OptimizerChoice.ADAM, 0.9, 0.01, 1.0, 0, 0, 2, 5, 8, 32, 8, 0, 1);
  /** Short training samples, so that rounds run on a few hundred windows. */
  static final SampleSettings SAMPLES = new SampleSettings(16, 4, 8, false, false, false);
  /** Small fine-tuning rounds over {@link #SAMPLES}. */
  static final FineTuneSettings TUNING = new FineTuneSettings(Loss.MSE, OptimizerChoice.ADAM, 0.9, 0.01, 8, 1, 0,
      1.0, 0, 64, 16, 32, 60_000, 16, 0.5, 7);

  private EvaluationFixtures() {}

  /** A random LSTM 8 x 1 with a one-output head. */
  static ModelParameters model() {
    return RandomModels.parameters(new ModelConfig(CellType.LSTM, WindowEncoding.INPUT_SIZE, 8, 1, 1), 3);
  }
}
