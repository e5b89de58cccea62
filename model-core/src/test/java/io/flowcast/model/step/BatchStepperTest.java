package io.flowcast.model.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.io.DType;
import io.flowcast.model.io.ModelFiles;
import io.flowcast.model.testutils.EngineParity;
import io.flowcast.model.testutils.RandomModels;
import io.flowcast.model.train.Initializers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Contracts of {@link BatchStepper}: batch independence, isolation, engines, checks, file round trip. */
class BatchStepperTest {
  private static final int STEPS = 3;

  private static ModelConfig config(CellType cell) {
    return new ModelConfig(cell, 5, 13, 2, 3);
  }

  private static RecurrentNetwork network(CellType cell, long seed) {
    return RecurrentNetwork.compile(RandomModels.parameters(config(cell), 2.0, new Random(seed)));
  }

  /** Random states for {@code batch} keys (a non-zero start exercises the recurrent weights). */
  private static float[] randomStates(StateLayout layout, int batch, Random random) {
    float[] states = new float[batch * layout.size()];
    for (int i = 0; i < states.length; i++) {
      states[i] = (float) (2 * random.nextDouble() - 1);
    }
    return states;
  }

  private static float[] randomInputs(int batch, int inputSize, Random random) {
    float[] inputs = new float[batch * inputSize];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = (float) (4 * random.nextDouble() - 2);
    }
    return inputs;
  }

  private static float[] key(float[] buffer, int b, int width) {
    return Arrays.copyOfRange(buffer, b * width, (b + 1) * width);
  }

  private static void putKey(float[] buffer, int b, float[] values) {
    System.arraycopy(values, 0, buffer, b * values.length, values.length);
  }

  /**
   * The Java engines: as {@link StepEngines#JAVA} builds it in this JVM, the plain-Java fallback
   * (what a JVM without {@code jdk.incubator.vector} gets) and the vector matmul without the fused
   * LSTM step.
   */
  static Stream<Arguments> javaEngines() {
    return Stream.of(StepEngines.java(), TestEngines.PLAIN, TestEngines.UNFUSED_VECTOR)
        .flatMap(engine -> Stream.of(CellType.values())
            .flatMap(cell -> IntStream.of(13, 85)
                .mapToObj(hidden -> Arguments.of(engine.name(), engine, cell, hidden))));
  }

  /**
   * Plain LSTM with H a whole number of vectors (256 and 512 bits), which the Java engine steps
   * through {@link FusedLstmStep}; the unfused vector path for comparison.
   */
  static Stream<Arguments> fusedLstmEngines() {
    return Stream.of(StepEngines.java(), TestEngines.UNFUSED_VECTOR)
        .flatMap(engine -> IntStream.of(32, 64)
            .mapToObj(hidden -> Arguments.of(engine.name(), engine, CellType.LSTM, hidden)));
  }

  /**
   * (a) Product guarantee for the Flink operator: a key's result does not depend on its batch. H =
   * 85 takes the vector engine through all its paths (groups of keys by four vectors and by one,
   * keys alone, scalar tail), H = 13 through the scalar tail alone with 512-bit vectors; LSTM with
   * H = 32 and 64 goes through the fused step (groups of four keys and keys alone).
   */
  @ParameterizedTest(name = "{0} {2} H={3}")
  @MethodSource({"javaEngines", "fusedLstmEngines"})
  void javaEngineGivesBitIdenticalStatesWhateverTheBatch(
      String name, StepEngine engine, CellType cell, int hidden) {
    ModelConfig config = new ModelConfig(cell, 5, hidden, 2, 3);
    RecurrentNetwork network = RecurrentNetwork.compile(RandomModels.parameters(config, 2.0, new Random(1)));
    StateLayout layout = network.stateLayout();
    int stateSize = layout.size();
    int inputSize = network.config().inputSize();
    Random random = new Random(2);
    float[] keyState = randomStates(layout, 1, random);
    float[][] keyInputs = new float[STEPS][];
    for (int t = 0; t < STEPS; t++) {
      keyInputs[t] = randomInputs(1, inputSize, random);
    }

    float[] alone = keyState.clone();
    BatchStepper single = network.newStepper(1, engine);
    for (int t = 0; t < STEPS; t++) {
      single.step(1, keyInputs[t], alone);
    }
    assertThat(alone).as("the key's state moved").isNotEqualTo(keyState);

    BatchStepper shared = network.newStepper(512, engine);
    for (int batch : new int[] {1, 7, 512}) {
      for (int position : new int[] {0, batch / 2, batch - 1, 3 % batch}) {
        float[] states = randomStates(layout, batch, random);
        putKey(states, position, keyState);
        for (int t = 0; t < STEPS; t++) {
          float[] inputs = randomInputs(batch, inputSize, random);
          putKey(inputs, position, keyInputs[t]);
          shared.step(batch, inputs, states);
        }
        assertThat(Arrays.equals(key(states, position, stateSize), alone))
            .as("%s %s: key at %d of %d bit-identical to stepping it alone", name, cell, position, batch)
            .isTrue();
      }
    }
  }

  /** The Java engine fuses exactly the plain-LSTM layers whose H is a whole number of vectors. */
  @Test
  void javaEngineFusesPlainLstmWithWholeVectorsOnly() {
    int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
    for (CellType cell : CellType.values()) {
      for (int hidden : new int[] {13, 32, 64, 85}) {
        RecurrentNetwork network =
            RecurrentNetwork.compile(RandomModels.parameters(new ModelConfig(cell, 5, hidden, 2, 3), 1.0, new Random(1)));
        boolean expected = cell == CellType.LSTM && hidden % lanes == 0;
        BatchStepper java = network.newStepper(4, StepEngines.java());
        for (int layer = 0; layer < 2; layer++) {
          assertThat(java.layerStep(layer))
              .as("%s H=%d layer %d", cell, hidden, layer)
              .isInstanceOf(expected ? FusedLstmStep.class : TiledLayerStep.class);
        }
      }
    }
    assertThat(32 % lanes).as("H=32 and 64 take the fused path").isZero();
  }

  /**
   * The fused step gives what the unfused vector path (matmul into gate blocks, then {@link
   * LstmKernel}) gives: the same fma chains and the same activation operations, so bit for bit
   * (which implies the required agreement within 1e-6).
   */
  @ParameterizedTest
  @MethodSource("fusedSizes")
  void fusedLstmStepEqualsUnfusedVectorPath(int hidden, int layers) {
    ModelConfig config = new ModelConfig(CellType.LSTM, 5, hidden, layers, 3);
    RecurrentNetwork network = RecurrentNetwork.compile(RandomModels.parameters(config, 2.0, new Random(hidden)));
    StateLayout layout = network.stateLayout();
    Random random = new Random(7);
    for (int batch : new int[] {1, 3, 4, 7, 16, 17, 103}) {
      float[] fused = randomStates(layout, batch, random);
      float[] unfused = fused.clone();
      BatchStepper fusedStepper = network.newStepper(batch, StepEngines.java());
      BatchStepper unfusedStepper = network.newStepper(batch, TestEngines.UNFUSED_VECTOR);
      for (int t = 0; t < STEPS; t++) {
        float[] inputs = randomInputs(batch, config.inputSize(), random);
        fusedStepper.step(batch, inputs, fused);
        unfusedStepper.step(batch, inputs, unfused);
      }
      for (int i = 0; i < fused.length; i++) {
        assertThat(fused[i]).as("H=%d batch %d element %d", hidden, batch, i).isCloseTo(unfused[i], within(1e-6f));
      }
      assertThat(Arrays.equals(fused, unfused)).as("H=%d batch %d bit-identical", hidden, batch).isTrue();
    }
  }

  static Stream<Arguments> fusedSizes() {
    return Stream.of(Arguments.of(32, 1), Arguments.of(64, 1), Arguments.of(64, 2));
  }

  /** (b) Changing one key's input changes that key's state and no other's. */
  @ParameterizedTest
  @ValueSource(strings = {StepEngines.JAVA, StepEngines.AUTO})
  void keysDoNotLeakIntoEachOther(String engine) {
    for (CellType cell : CellType.values()) {
      RecurrentNetwork network = network(cell, 3);
      StateLayout layout = network.stateLayout();
      int inputSize = network.config().inputSize();
      int batch = 40; // above AUTO's gemm threshold
      Random random = new Random(4);
      float[] start = randomStates(layout, batch, random);
      float[] inputs = randomInputs(batch, inputSize, random);
      float[] changedInputs = inputs.clone();
      for (int i = 0; i < inputSize; i++) {
        changedInputs[3 * inputSize + i] += 0.5f;
      }
      BatchStepper stepper = network.newStepper(batch, StepEngines.named(engine));
      float[] base = start.clone();
      float[] changed = start.clone();
      stepper.step(batch, inputs, base);
      stepper.step(batch, changedInputs, changed);

      for (int b = 0; b < batch; b++) {
        boolean same = Arrays.equals(key(base, b, layout.size()), key(changed, b, layout.size()));
        assertThat(same).as("%s %s key %d unchanged", engine, cell, b).isEqualTo(b != 3);
      }
    }
  }

  /** (c) T single steps are what forward(...) computes, head included. */
  @ParameterizedTest
  @EnumSource(CellType.class)
  void steppingEqualsSequenceForward(CellType cell) {
    RecurrentNetwork network = network(cell, 5);
    ModelConfig config = network.config();
    StateLayout layout = network.stateLayout();
    int batch = 4;
    int steps = 5;
    Random random = new Random(6);
    float[][][] inputs = RandomModels.uniform(steps, batch, config.inputSize(), 2.0, random);
    float[][][] h0 = RandomModels.uniform(config.numLayers(), batch, config.hiddenSize(), 1.0, random);
    float[][][] c0 = cell.hasCellState()
        ? RandomModels.uniform(config.numLayers(), batch, config.hiddenSize(), 1.0, random)
        : null;
    SequenceOutput sequence = network.forward(inputs, h0, c0);

    float[] states = RandomModels.packStates(layout, h0, c0, batch);
    BatchStepper stepper = network.newStepper(batch);
    float[] head = new float[batch * config.outputSize()];
    int top = config.numLayers() - 1;
    for (int t = 0; t < steps; t++) {
      stepper.step(batch, RandomModels.stepInputs(inputs, t), states);
      stepper.head(batch, states, head);
      for (int b = 0; b < batch; b++) {
        assertThat(RandomModels.stateOf(layout, states, b, top, true))
            .as("t=%d key %d output", t, b)
            .isEqualTo(sequence.outputs()[t][b]);
        assertThat(key(head, b, config.outputSize())).as("t=%d key %d head", t, b).isEqualTo(sequence.head()[t][b]);
      }
    }
    for (int layer = 0; layer < config.numLayers(); layer++) {
      for (int b = 0; b < batch; b++) {
        assertThat(RandomModels.stateOf(layout, states, b, layer, true)).isEqualTo(sequence.hN()[layer][b]);
        if (c0 != null) {
          assertThat(RandomModels.stateOf(layout, states, b, layer, false)).isEqualTo(sequence.cN()[layer][b]);
        }
      }
    }
  }

  /** (d) Bad arguments are rejected with a message, before any state is touched. */
  @Test
  void rejectsBadArguments() {
    RecurrentNetwork network = network(CellType.LSTM, 7);
    int inputSize = network.config().inputSize();
    int stateSize = network.stateLayout().size();
    BatchStepper stepper = network.newStepper(4);
    float[] inputs = new float[4 * inputSize];
    float[] states = new float[4 * stateSize];

    assertThatThrownBy(() -> stepper.step(0, inputs, states))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch must be in 1..4, got 0");
    assertThatThrownBy(() -> stepper.step(5, new float[5 * inputSize], new float[5 * stateSize]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 5");
    assertThatThrownBy(() -> stepper.step(-1, inputs, states))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got -1");
    assertThatThrownBy(() -> stepper.step(3, new float[3 * inputSize - 1], states))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("buffers too small for batch 3");
    float[] shortStates = new float[3 * stateSize - 1];
    assertThatThrownBy(() -> stepper.step(3, inputs, shortStates))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("states " + shortStates.length + " < " + 3 * stateSize);
    assertThat(shortStates).containsOnly(0f);
    assertThatThrownBy(() -> network.newStepper(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatch must be > 0");
  }

  /** (e) AUTO agrees with the Java engine (with the Vector API it is the Java engine). */
  @Test
  void autoAgreesWithJava() {
    EngineParity.matchesJavaEngine(StepEngines.named(StepEngines.AUTO), 0.0, 1, 5, 31, 32, 70);
  }

  /**
   * (f) Saving as F32 safetensors and loading back reproduces forward bit for bit, for parameters
   * that are floats already (any model loaded from an F32 file, or trained and rounded).
   */
  @ParameterizedTest
  @EnumSource(CellType.class)
  void safetensorsRoundTripReproducesForward(CellType cell, @TempDir Path directory) throws IOException {
    assertRoundTripBitExact(RandomModels.parameters(config(cell), 1.0, new Random(9)), directory);
  }

  /**
   * (f) The same from a float64 master copy (what training holds): packing rounds every tensor to
   * float before summing the biases, so the double model and its F32 file step identically.
   */
  @ParameterizedTest
  @EnumSource(CellType.class)
  void safetensorsRoundTripFromDoubleMasterReproducesForward(CellType cell, @TempDir Path directory)
      throws IOException {
    ModelParameters parameters = ModelParameters.zeros(config(cell));
    Initializers.pytorchDefault(parameters, new Random(9)); // full doubles: F32 rounds them
    assertRoundTripBitExact(parameters, directory);
  }

  private static void assertRoundTripBitExact(ModelParameters parameters, Path directory) throws IOException {
    ModelConfig config = parameters.config();
    Path file = directory.resolve("model.safetensors");
    ModelFiles.write(parameters, file, DType.F32);
    ModelParameters loaded = ModelFiles.read(file, config.cell());

    Random random = new Random(10);
    float[][][] inputs = RandomModels.uniform(6, 3, config.inputSize(), 2.0, random);
    float[][][] h0 = RandomModels.uniform(config.numLayers(), 3, config.hiddenSize(), 1.0, random);
    SequenceOutput before = RecurrentNetwork.compile(parameters).forward(inputs, h0, null);
    SequenceOutput after = RecurrentNetwork.compile(loaded).forward(inputs, h0, null);

    assertThat(loaded.config()).isEqualTo(config);
    assertThat(Arrays.deepEquals(after.outputs(), before.outputs())).as("outputs").isTrue();
    assertThat(Arrays.deepEquals(after.hN(), before.hN())).as("h_n").isTrue();
    assertThat(Arrays.deepEquals(after.cN(), before.cN())).as("c_n").isTrue();
    assertThat(Arrays.deepEquals(after.head(), before.head())).as("head").isTrue();
  }
}
