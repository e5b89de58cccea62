package io.flowcast.model.testutils;

import static io.flowcast.model.testutils.GoldenCase.toFloat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.step.BatchStepper;
import io.flowcast.model.step.RecurrentNetwork;
import io.flowcast.model.step.StateLayout;
import io.flowcast.model.step.StepEngine;
import io.flowcast.model.step.StepEngines;
import java.util.Random;

/**
 * The checks every step engine passes, in model-core's test JAR so that each engine module runs the
 * same ones: the golden cases, and agreement with the Java engine on random models of all four
 * cells (batches around the tile size and the AUTO threshold, one and two layers).
 */
public final class EngineParity {
  /** The float32 tolerance of the golden tests. */
  public static final double FLOAT32_TOLERANCE = 1e-5;

  private static final int STEPS = 3;

  private EngineParity() {}

  /** Steps every golden case through {@code engine} and checks the last output (abs error 1e-5). */
  public static void matchesGoldenCases(StepEngine engine) {
    for (GoldenCase golden : GoldenCase.all()) {
      RecurrentNetwork network = RecurrentNetwork.compile(golden.parameters());
      float[][][] input = toFloat(golden.input());
      int batch = input[0].length;
      StateLayout layout = network.stateLayout();
      float[] states = RandomModels.packStates(layout, toFloat(golden.h0()), toFloat(golden.c0()), batch);
      try (BatchStepper stepper = network.newStepper(batch, engine)) {
        for (int t = 0; t < input.length; t++) {
          stepper.step(batch, RandomModels.stepInputs(input, t), states);
        }
      }
      int top = layout.numLayers() - 1;
      double[][] expectedLast = golden.output()[golden.output().length - 1];
      for (int b = 0; b < batch; b++) {
        float[] h = RandomModels.stateOf(layout, states, b, top, true);
        for (int u = 0; u < layout.hiddenSize(); u++) {
          assertThat((double) h[u])
              .as("%s %s key %d unit %d", golden, engine.name(), b, u)
              .isCloseTo(expectedLast[b][u], within(FLOAT32_TOLERANCE));
        }
      }
    }
  }

  /**
   * {@code engine} gives every state the Java engine gives within {@code tolerance}, for every cell,
   * H = 13 and 64, one and two layers, batches {@code batches}, {@value #STEPS} steps from random
   * states.
   */
  public static void matchesJavaEngine(StepEngine engine, double tolerance, int... batches) {
    for (CellType cell : CellType.values()) {
      for (int hidden : new int[] {13, 64}) {
        for (int layers = 1; layers <= 2; layers++) {
          ModelConfig config = new ModelConfig(cell, 5, hidden, layers, 3);
          RecurrentNetwork network =
              RecurrentNetwork.compile(RandomModels.parameters(config, 2.0, new Random(hidden + layers)));
          for (int batch : batches) {
            Random random = new Random(batch);
            float[] start = uniform(batch * network.stateLayout().size(), 1.0, random);
            float[][] inputs = new float[STEPS][];
            for (int t = 0; t < STEPS; t++) {
              inputs[t] = uniform(batch * config.inputSize(), 2.0, random);
            }
            float[] expected = run(network, StepEngines.java(), batch, inputs, start);
            float[] actual = run(network, engine, batch, inputs, start);
            for (int i = 0; i < expected.length; i++) {
              assertThat((double) actual[i])
                  .as("%s %s H=%d L=%d B=%d state[%d]", engine.name(), cell, hidden, layers, batch, i)
                  .isCloseTo(expected[i], within(tolerance));
            }
          }
        }
      }
    }
  }

  private static float[] run(RecurrentNetwork network, StepEngine engine, int batch, float[][] inputs, float[] start) {
    float[] states = start.clone();
    try (BatchStepper stepper = network.newStepper(batch, engine)) {
      for (float[] step : inputs) {
        stepper.step(batch, step, states);
      }
    }
    return states;
  }

  private static float[] uniform(int length, double bound, Random random) {
    float[] values = new float[length];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
    return values;
  }
}
