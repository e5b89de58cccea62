package io.flowcast.model.train;

import io.flowcast.model.ModelParameters;
import java.util.Map;

/**
 * The float32 trainer for fine-tuning: the same step as {@link Trainer} (forward from a zero
 * state with dropout between layers, {@link Loss}, backpropagation through time, clipping, one
 * {@link Optimizer} update of the float64 master copy) with the forward and backward pass in
 * float on {@link FloatNetwork}'s vectorised buffers. The loss, clipping and optimiser run in
 * double on the master copy, exactly as in {@link Trainer}; each step rounds the weights to float
 * first, so changes to {@link #parameters()} between steps are seen. Gradients agree with the
 * float64 trainer's within 1e-4 relative per tensor (tested in {@code FloatNetworkTest}, and with
 * libtorch's autograd in {@code TorchGradientParityTest}). Built with
 * {@link Trainer.Builder#buildFloat32()}. Not thread-safe.
 */
public final class FloatTrainer implements BatchTrainer {
  private final ModelParameters parameters;
  private final FloatNetwork network;
  private final Gradients gradients;
  private final Loss loss;
  private final GradientStep update;
  private final Dropout dropout;
  private Tensor3 predictions = Tensor3.zeros(0, 0, 0);
  private double lastGradientNorm = Double.NaN;

  FloatTrainer(ModelParameters parameters, Loss loss, GradientStep update, Dropout dropout) {
    this.parameters = parameters;
    this.network = new FloatNetwork(parameters.config(), FloatGemm.create());
    this.gradients = Gradients.zeros(parameters.config());
    this.loss = loss;
    this.update = update;
    this.dropout = dropout;
  }

  @Override
  public ModelParameters parameters() {
    return parameters;
  }

  @Override
  public double trainBatch(Tensor3 inputs, Tensor3 targets, double[] stepWeights) {
    LossValue value = loss.evaluate(forward(inputs, dropout), targets, stepWeights);
    GradientStep.requireFiniteLoss(value.value());
    network.backward(value.gradient());
    network.exportGradients(gradients);
    lastGradientNorm = update.apply(parameters, gradients);
    return value.value();
  }

  @Override
  public double evaluate(Tensor3 inputs, Tensor3 targets, double[] stepWeights) {
    return loss.evaluate(forward(inputs, Dropout.DISABLED), targets, stepWeights).value();
  }

  /** The float32 predictions on {@code inputs} from the current parameters. */
  private Tensor3 forward(Tensor3 inputs, Dropout masks) {
    if (predictions.dim0() != inputs.dim0() || predictions.dim1() != inputs.dim1()) {
      predictions = Tensor3.zeros(inputs.dim0(), inputs.dim1(), network.predictionWidth());
    }
    network.load(parameters);
    network.forward(inputs, masks, predictions);
    return predictions;
  }

  @Override
  public double lastGradientNorm() {
    return lastGradientNorm;
  }

  @Override
  public Map<String, double[]> optimizerState() {
    return update.optimizerState();
  }
}
