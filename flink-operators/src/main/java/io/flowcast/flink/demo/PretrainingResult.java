package io.flowcast.flink.demo;

import io.flowcast.model.ModelParameters;
import java.time.Duration;

/**
 * A pretrained model and how its training went.
 *
 * @param parameters the trained weights
 * @param initialLoss mean training loss of the first tenth of the steps
 * @param finalLoss mean training loss of the last tenth of the steps
 * @param elapsed wall time of the simulation and training
 */
public record PretrainingResult(
    ModelParameters parameters, double initialLoss, double finalLoss, Duration elapsed) {}
