package io.flowcast.model.step;

import static io.flowcast.model.testutils.ArrayAssertions.assertClose;
import static io.flowcast.model.testutils.GoldenCase.toFloat;
import static org.assertj.core.api.Assertions.assertThat;

import io.flowcast.model.testutils.GoldenCase;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Known-answer tests of the float32 step against every golden case (abs error 1e-5). */
class RecurrentNetworkGoldenTest {
  private static final double FLOAT32_TOLERANCE = 1e-5;

  static java.util.stream.Stream<GoldenCase> cases() {
    return GoldenCase.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sequenceForwardMatchesReference(GoldenCase golden) {
    RecurrentNetwork network = RecurrentNetwork.compile(golden.parameters());

    SequenceOutput out = network.forward(toFloat(golden.input()), toFloat(golden.h0()), toFloat(golden.c0()));

    assertClose("output", out.outputs(), golden.output(), FLOAT32_TOLERANCE);
    assertClose("h_n", out.hN(), golden.hN(), FLOAT32_TOLERANCE);
    if (golden.cN() != null) {
      assertClose("c_n", out.cN(), golden.cN(), FLOAT32_TOLERANCE);
    } else {
      assertThat(out.cN()).isNull();
    }
    if (golden.headOutput() != null) {
      assertClose("head", out.head(), golden.headOutput(), FLOAT32_TOLERANCE);
    }
  }

  @ParameterizedTest
  @EnumSource(MatmulBackend.class)
  void everyBackendMatchesReference(MatmulBackend backend) {
    stepGoldenCases(backend.name(), (network, batch) -> network.newStepper(batch, backend));
  }

  /** Both Java engines, whichever of them this JVM's {@link MatmulBackend#JAVA} selects. */
  @Test
  void bothJavaEnginesMatchReference() {
    stepGoldenCases("plain", (network, batch) -> network.newStepper(batch, JavaGateMatmul::new));
    stepGoldenCases("vector", (network, batch) -> network.newStepper(batch, VectorGateMatmul::new));
  }

  /** Steps every golden case through the steppers {@code steppers} makes, checking the last output. */
  private static void stepGoldenCases(String engine, BiFunction<RecurrentNetwork, Integer, BatchStepper> steppers) {
    for (GoldenCase golden : GoldenCase.all()) {
      RecurrentNetwork network = RecurrentNetwork.compile(golden.parameters());
      float[][][] input = toFloat(golden.input());
      int batch = input[0].length;
      StateLayout layout = network.stateLayout();
      float[] states = new float[batch * layout.size()];
      float[][][] h0 = toFloat(golden.h0());
      float[][][] c0 = toFloat(golden.c0());
      for (int layer = 0; layer < layout.numLayers(); layer++) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(h0[layer][b], 0, states, b * layout.size() + layout.hiddenOffset(layer), layout.hiddenSize());
          if (c0 != null) {
            System.arraycopy(c0[layer][b], 0, states, b * layout.size() + layout.cellOffset(layer), layout.hiddenSize());
          }
        }
      }
      BatchStepper stepper = steppers.apply(network, batch);
      int inputSize = network.config().inputSize();
      float[] stepInput = new float[batch * inputSize];
      for (float[][] step : input) {
        for (int b = 0; b < batch; b++) {
          System.arraycopy(step[b], 0, stepInput, b * inputSize, inputSize);
        }
        stepper.step(batch, stepInput, states);
      }
      int top = layout.hiddenOffset(layout.numLayers() - 1);
      double[][] expectedLast = golden.output()[golden.output().length - 1];
      for (int b = 0; b < batch; b++) {
        for (int u = 0; u < layout.hiddenSize(); u++) {
          assertThat((double) states[b * layout.size() + top + u])
              .as("%s %s key %d unit %d", golden, engine, b, u)
              .isCloseTo(expectedLast[b][u], org.assertj.core.api.Assertions.within(FLOAT32_TOLERANCE));
        }
      }
    }
  }
}
