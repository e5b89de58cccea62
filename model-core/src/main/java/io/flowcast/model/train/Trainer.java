package io.flowcast.model.train;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.util.Map;
import java.util.Random;

/**
 * One-call training step on a {@link ModelParameters} master copy: {@link #trainBatch} runs the
 * forward pass from a zero state (with dropout between layers if configured), the {@link Loss} on
 * the model's predictions (the head output {@code [T][B][O]}, or the top layer's output {@code
 * [T][B][H]} without a head), backpropagation through time, optional clipping by global norm, and
 * one {@link Optimizer} update, in place, in float64: the reference (gradient checks). For speed
 * the builder also makes the float32 {@link FloatTrainer} ({@link Builder#buildFloat32()}). Not
 * thread-safe.
 *
 * <p>If the loss or the gradient norm is not finite, the step throws {@link IllegalStateException}
 * and leaves the parameters untouched.
 */
public final class Trainer implements BatchTrainer {
  private final ModelParameters parameters;
  private final DoubleNetwork network;
  private final Loss loss;
  private final GradientStep update;
  private final Dropout dropout;
  private double lastGradientNorm = Double.NaN;

  private Trainer(Builder builder) {
    this.parameters = builder.parameters;
    this.network = new DoubleNetwork(parameters);
    this.loss = builder.loss;
    this.update = builder.gradientStep();
    this.dropout = builder.dropoutMasks();
  }

  /** A builder training {@code parameters} in place. */
  public static Builder builder(ModelParameters parameters) {
    return new Builder(parameters);
  }

  @Override
  public ModelParameters parameters() {
    return parameters;
  }

  @Override
  public double trainBatch(Tensor3 inputs, Tensor3 targets, double[] stepWeights) {
    ForwardPass pass = network.forward(inputs, RecurrentState.zeros(parameters.config(), inputs.dim1()), dropout);
    LossValue value = loss.evaluate(pass.predictions(), targets, stepWeights);
    GradientStep.requireFiniteLoss(value.value());
    Gradients gradients = pass.backward(value.gradient()).gradients();
    lastGradientNorm = update.apply(parameters, gradients);
    return value.value();
  }

  @Override
  public double evaluate(Tensor3 inputs, Tensor3 targets, double[] stepWeights) {
    ForwardPass pass = network.forward(
        inputs, RecurrentState.zeros(parameters.config(), inputs.dim1()), Dropout.DISABLED);
    return loss.evaluate(pass.predictions(), targets, stepWeights).value();
  }

  @Override
  public double lastGradientNorm() {
    return lastGradientNorm;
  }

  @Override
  public Map<String, double[]> optimizerState() {
    return update.optimizerState();
  }

  /**
   * Training configuration. Defaults: {@link Loss#MSE}, Adam, learning rate 1e-3, no clipping, no
   * weight decay, no dropout, seed 0, a fresh optimiser state.
   */
  public static final class Builder {
    private final ModelParameters parameters;
    private Loss loss = Loss.MSE;
    private boolean adam = true;
    private double momentum;
    private double learningRate = 1e-3;
    private double clipNorm = Double.POSITIVE_INFINITY;
    private double weightDecay;
    private double dropout;
    private long seed;
    private Map<String, double[]> optimizerState = Map.of();

    private Builder(ModelParameters parameters) {
      if (parameters == null) {
        throw new IllegalArgumentException("parameters are required");
      }
      this.parameters = parameters;
    }

    public Builder loss(Loss value) {
      this.loss = value;
      return this;
    }

    /** Adam with PyTorch's betas 0.9/0.999 and eps 1e-8 (the default). */
    public Builder adam() {
      this.adam = true;
      return this;
    }

    /** SGD with momentum in [0, 1). */
    public Builder sgd(double sgdMomentum) {
      this.adam = false;
      this.momentum = sgdMomentum;
      return this;
    }

    public Builder learningRate(double value) {
      this.learningRate = value;
      return this;
    }

    /** Clip gradients to this global L2 norm (&gt; 0); {@code +infinity} disables clipping. */
    public Builder clipNorm(double value) {
      this.clipNorm = value;
      return this;
    }

    /** Coupled L2 weight decay, &gt;= 0 (see {@link Optimizer}). */
    public Builder weightDecay(double value) {
      this.weightDecay = value;
      return this;
    }

    /** Dropout probability in [0, 1) on the inputs of layers k &gt;= 1; needs 2+ layers if &gt; 0. */
    public Builder dropout(double value) {
      this.dropout = value;
      return this;
    }

    /** Seed of the dropout masks. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /**
     * Start from an optimiser state exported by a trainer of the same optimiser and model
     * ({@link BatchTrainer#optimizerState()}), so training continues exactly where it stopped.
     */
    public Builder optimizerState(Map<String, double[]> value) {
      this.optimizerState = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public Trainer build() {
      validate();
      return new Trainer(this);
    }

    /**
     * The float32, vectorised {@link FloatTrainer} with these settings, for fine-tuning.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public FloatTrainer buildFloat32() {
      validate();
      return new FloatTrainer(parameters, loss, gradientStep(), dropoutMasks());
    }

    private GradientStep gradientStep() {
      Optimizer optimizer =
          adam
              ? new Adam(learningRate, 0.9, 0.999, 1e-8, weightDecay)
              : new Sgd(learningRate, momentum, weightDecay);
      optimizer.restoreState(optimizerState);
      return new GradientStep(optimizer, clipNorm);
    }

    private Dropout dropoutMasks() {
      return dropout == 0 ? Dropout.DISABLED : new Dropout(dropout, new Random(seed));
    }

    private void validate() {
      ModelConfig config = parameters.config();
      if (loss == null || optimizerState == null) {
        throw new IllegalArgumentException("loss and optimizer state are required");
      }
      int predictions = config.hasHead() ? config.outputSize() : config.hiddenSize();
      if (predictions % loss.predictionsPerTarget() != 0) {
        throw new IllegalArgumentException(
            loss + " needs " + loss.predictionsPerTarget() + " predictions per target, but the model"
                + " predicts " + predictions + " values per step");
      }
      if (!(clipNorm > 0)) {
        throw new IllegalArgumentException("clip norm must be > 0 (infinity = off), got " + clipNorm);
      }
      OptimizerChecks.unitInterval("dropout", dropout);
      if (dropout > 0 && config.numLayers() == 1) {
        throw new IllegalArgumentException(
            "dropout " + dropout + " acts between layers and has no effect on a 1-layer model");
      }
    }
  }
}
