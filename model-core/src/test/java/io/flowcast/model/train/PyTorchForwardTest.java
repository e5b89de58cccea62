package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.ModelParameters;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.testutils.PyTorchFixture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known-answer test of the float64 forward (the training path, ReLU RNN included) against PyTorch's
 * own outputs on the PyTorch fixtures: 1e-10 where PyTorch ran in float64, 1e-5 where it ran in
 * float32.
 */
class PyTorchForwardTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.flowcast.model.testutils.PyTorchFixture#names")
  void matchesPyTorch(String name) throws Exception {
    PyTorchFixture fixture = PyTorchFixture.load(name);
    ModelParameters parameters = ModelFiles.read(fixture.weights(), fixture.readOptions());
    assertThat(parameters.config().cell()).isEqualTo(fixture.cell());
    double tolerance = fixture.options().get("dtype").asText().equals("float64") ? 1e-10 : 1e-5;
    double[][][] h0 = PyTorchFixture.cube(fixture.input(), "h0");
    double[][][] c0 = PyTorchFixture.cube(fixture.input(), "c0");
    RecurrentState initial = h0 == null
        ? null
        : new RecurrentState(Tensor3.of(h0), c0 == null ? null : Tensor3.of(c0));
    Tensor3 inputs = timeFirst(fixture, PyTorchFixture.cube(fixture.input(), "inputs"));

    ForwardPass pass = initial == null
        ? new DoubleNetwork(parameters).forward(inputs)
        : new DoubleNetwork(parameters).forward(inputs, initial, Dropout.DISABLED);

    assertClose("outputs", pass.output(), timeFirst(fixture, PyTorchFixture.cube(fixture.expected(), "outputs")), tolerance);
    assertClose("h_n", pass.finalState().h(), Tensor3.of(PyTorchFixture.cube(fixture.expected(), "h_n")), tolerance);
    if (fixture.expected().has("c_n")) {
      assertClose("c_n", pass.finalState().c(), Tensor3.of(PyTorchFixture.cube(fixture.expected(), "c_n")), tolerance);
    }
    if (fixture.expected().has("head")) {
      assertClose("head", pass.headOutput(), timeFirst(fixture, PyTorchFixture.cube(fixture.expected(), "head")), tolerance);
    } else {
      assertThat(pass.headOutput()).isNull();
    }
  }

  /** [T][B][*] from the fixture's layout ([B][T][*] when batch_first). */
  private static Tensor3 timeFirst(PyTorchFixture fixture, double[][][] sequence) {
    if (!fixture.batchFirst()) {
      return Tensor3.of(sequence);
    }
    double[][][] swapped = new double[sequence[0].length][sequence.length][];
    for (int b = 0; b < sequence.length; b++) {
      for (int t = 0; t < sequence[b].length; t++) {
        swapped[t][b] = sequence[b][t];
      }
    }
    return Tensor3.of(swapped);
  }

  private static void assertClose(String what, Tensor3 actual, Tensor3 expected, double tolerance) {
    assertThat(new int[] {actual.dim0(), actual.dim1(), actual.dim2()})
        .as(what + " shape")
        .containsExactly(expected.dim0(), expected.dim1(), expected.dim2());
    for (int i = 0; i < expected.data().length; i++) {
      assertThat(actual.data()[i]).as(what + " flat index " + i).isCloseTo(expected.data()[i], within(tolerance));
    }
  }
}
