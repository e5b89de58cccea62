package io.flowcast.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelParameters;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exporting an optimiser's state and importing it into a fresh one continues training exactly. */
class OptimizerStateTest {

  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("adam", (Supplier<Optimizer>) () -> new Adam(0.01, 0.9, 0.999, 1e-8, 1e-3)),
        Arguments.of("sgd", (Supplier<Optimizer>) () -> new Sgd(0.01, 0.9, 1e-3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void continuesBitIdenticallyAfterExportAndImport(String name, Supplier<Optimizer> fresh) {
    ModelParameters straight = TestModels.sineModel(CellType.LSTM, 2, 3);
    ModelParameters resumed = straight.copy();
    Optimizer uninterrupted = fresh.get();
    Optimizer first = fresh.get();
    Random random = new Random(7);
    for (int step = 0; step < 3; step++) {
      Gradients gradients = randomGradients(straight, random);
      uninterrupted.step(straight, gradients);
      first.step(resumed, gradients);
    }
    Map<String, double[]> exported = first.state();
    Optimizer second = fresh.get();
    second.restoreState(exported);
    exported.values().forEach(values -> values[0] = Double.NaN); // the import is a copy
    for (int step = 0; step < 2; step++) {
      Gradients gradients = randomGradients(straight, random);
      uninterrupted.step(straight, gradients);
      second.step(resumed, gradients);
    }
    assertThat(resumed).isEqualTo(straight);
    assertThat(second.state()).usingRecursiveComparison().isEqualTo(uninterrupted.state());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void rejectsForeignOrMisSizedState(String name, Supplier<Optimizer> fresh) {
    assertThat(fresh.get().state()).isEmpty();
    assertThatThrownBy(() -> fresh.get().restoreState(Map.of("step", new double[] {1}, "velocity/x", new double[1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown optimizer state entry");
    ModelParameters p = TestModels.sineModel(CellType.RNN, 1, 1);
    Optimizer optimizer = fresh.get();
    optimizer.step(p, randomGradients(p, new Random(1)));
    Map<String, double[]> state = optimizer.state();
    state.replaceAll((key, values) -> key.equals("step") ? values : new double[values.length + 1]);
    Optimizer restored = fresh.get();
    restored.restoreState(state);
    assertThatThrownBy(() -> restored.step(p, randomGradients(p, new Random(2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("optimizer state of");
  }

  private static Gradients randomGradients(ModelParameters parameters, Random random) {
    Gradients gradients = Gradients.zeros(parameters.config());
    gradients.asMap().values().forEach(g -> {
      for (int i = 0; i < g.length; i++) {
        g[i] = random.nextGaussian();
      }
    });
    return gradients;
  }
}
