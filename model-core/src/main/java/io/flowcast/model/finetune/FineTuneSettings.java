package io.flowcast.model.finetune;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.pretrain.OptimizerChoice;
import io.flowcast.model.train.FloatTrainer;
import io.flowcast.model.train.Loss;
import io.flowcast.model.train.Trainer;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * How the {@link FineTuner} trains: the loss and optimiser of its rounds, the size of its replay
 * buffer, when a round is due and when a candidate is accepted.
 *
 * @param loss {@link Loss#MSE}, or {@link Loss#GAUSSIAN_NLL} for a model whose head has 2 x horizon
 *     outputs (means, then log-variances)
 * @param optimizer Adam or SGD
 * @param momentum SGD's momentum in [0, 1) (ignored by Adam)
 * @param learningRate the optimiser's learning rate, finite and &gt; 0
 * @param batchSize samples per optimiser step, &gt;= 1
 * @param epochsPerRound passes over the training samples per round, &gt;= 1
 * @param dropout dropout between layers in [0, 1) (needs a model of 2+ layers when &gt; 0)
 * @param clipNorm global gradient norm the gradients are clipped to, &gt; 0; infinity = off
 * @param weightDecay coupled L2 coefficient, finite and &gt;= 0
 * @param bufferCapacity samples the replay reservoir keeps for training, &gt;= 1
 * @param validationSize most recent samples held out for validation, &gt;= 1
 * @param roundSamples N: a round is due after N new samples, &gt;= 1
 * @param roundIntervalMillis T: or after T ms since the last round, &gt;= 1
 * @param minTrainingSamples training samples a round needs, in [1, bufferCapacity]
 * @param tolerance relative slack of the acceptance test, finite and &gt;= 0: a candidate is accepted
 *     iff {@code candidateLoss <= servingLoss + tolerance * |servingLoss|} (that is {@code servingLoss
 *     * (1 + tolerance)} for a non-negative loss; the Gaussian NLL can be negative)
 * @param seed seed of the reservoir draws, the shuffles and the dropout masks
 */
public record FineTuneSettings(
    Loss loss,
    OptimizerChoice optimizer,
    double momentum,
    double learningRate,
    int batchSize,
    int epochsPerRound,
    double dropout,
    double clipNorm,
    double weightDecay,
    int bufferCapacity,
    int validationSize,
    int roundSamples,
    long roundIntervalMillis,
    int minTrainingSamples,
    double tolerance,
    long seed) implements java.io.Serializable {

  /**
   * @throws IllegalArgumentException naming the first invalid setting
   */
  public FineTuneSettings {
    if (loss == null || optimizer == null) {
      throw new IllegalArgumentException("fine-tune settings loss and optimizer are required");
    }
    unitInterval("momentum", momentum);
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw invalid("learningRate", "finite and > 0", learningRate);
    }
    atLeastOne("batchSize", batchSize);
    atLeastOne("epochsPerRound", epochsPerRound);
    unitInterval("dropout", dropout);
    if (!(clipNorm > 0)) {
      throw invalid("clipNorm", "> 0 (infinity = off)", clipNorm);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw invalid("weightDecay", "finite and >= 0", weightDecay);
    }
    atLeastOne("bufferCapacity", bufferCapacity);
    atLeastOne("validationSize", validationSize);
    atLeastOne("roundSamples", roundSamples);
    atLeastOne("roundIntervalMillis", roundIntervalMillis);
    if (minTrainingSamples < 1 || minTrainingSamples > bufferCapacity) {
      throw invalid("minTrainingSamples", "in [1, bufferCapacity = " + bufferCapacity + "]", minTrainingSamples);
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw invalid("tolerance", "finite and >= 0", tolerance);
    }
  }

  /** Whether a candidate with {@code candidateLoss} may replace a model with {@code servingLoss}. */
  public boolean accepts(double candidateLoss, double servingLoss) {
    return candidateLoss <= servingLoss + tolerance * Math.abs(servingLoss);
  }

  /**
   * The first 16 hex digits of the SHA-256 of {@code name=value;} for every setting in declaration
   * order (values as {@link String#valueOf}): equal settings, equal hash.
   */
  public String configHash() {
    StringBuilder canonical = new StringBuilder();
    try {
      for (RecordComponent component : FineTuneSettings.class.getRecordComponents()) {
        canonical.append(component.getName()).append('=')
            .append(component.getAccessor().invoke(this)).append(';');
      }
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (ReflectiveOperationException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot hash fine-tune settings", e);
    }
  }

  /**
   * The float32 trainer of a round on {@code parameters} (trained in place), continuing from
   * {@code optimizerState}, its dropout masks seeded with {@code roundSeed}.
   *
   * @throws IllegalArgumentException if the settings do not fit the model (see {@link Trainer.Builder})
   */
  FloatTrainer trainer(ModelParameters parameters, Map<String, double[]> optimizerState, long roundSeed) {
    Trainer.Builder builder = Trainer.builder(parameters)
        .loss(loss)
        .learningRate(learningRate)
        .clipNorm(clipNorm)
        .weightDecay(weightDecay)
        .dropout(dropout)
        .seed(roundSeed)
        .optimizerState(optimizerState);
    return (optimizer == OptimizerChoice.SGD ? builder.sgd(momentum) : builder.adam()).buildFloat32();
  }

  private static void unitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw invalid(name, "in [0, 1)", value);
    }
  }

  private static void atLeastOne(String name, long value) {
    if (value < 1) {
      throw invalid(name, ">= 1", value);
    }
  }

  private static IllegalArgumentException invalid(String name, String expected, Object value) {
    return new IllegalArgumentException("fine-tune setting " + name + " must be " + expected + ", got " + value);
  }

  /**
   * Checks that the loss can train a model with this head for {@code horizon} forecasts: {@code
   * horizon} outputs for MSE, {@code 2 x horizon} (means, then log-variances) for the Gaussian NLL.
   *
   * @throws IllegalArgumentException saying which head the loss needs
   */
  public void requireHeadFits(io.flowcast.model.ModelConfig config, int horizon) {
    int needed = loss.predictionsPerTarget() * horizon;
    if (config.outputSize() != needed) {
      throw new IllegalArgumentException("fine-tuning loss " + loss + " needs a head of " + needed
          + " outputs for a horizon of " + horizon + ", the model has " + config.outputSize()
          + (loss == Loss.MSE ? "" : " (the means, then the log-variances)"));
    }
  }
}
