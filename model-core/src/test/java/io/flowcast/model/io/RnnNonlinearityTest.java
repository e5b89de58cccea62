package io.flowcast.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An RNN's nonlinearity is read from the file or given, never guessed (through {@link ModelFiles}). */
class RnnNonlinearityTest {
  private static final ModelConfig RNN = new ModelConfig(CellType.RNN, 2, 3, 2, 1);
  private static final ModelParameters PARAMETERS = RawFiles.randomParameters(RNN, 5);
  private static final WeightFileOptions DEFAULTS = WeightFileOptions.DEFAULTS;

  /** A plain PyTorch file of an nn.RNN (names under rnn., head out.) with the given metadata. */
  private static byte[] plainFile(Map<String, String> metadata) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(RNN)) {
      String name = spec.name().startsWith("out.") ? spec.name() : "rnn." + spec.name();
      tensors.put(name, new Tensor(DType.F32, spec.shape(), PARAMETERS.get(spec.name())));
    }
    return SafetensorsWriter.toBytes(tensors, metadata);
  }

  @Test
  void aPlainRnnFileWithoutItsNonlinearityIsRefusedWithTheFix() {
    for (WeightFileOptions options : new WeightFileOptions[] {DEFAULTS, DEFAULTS.withCell(CellType.RNN)}) {
      assertThatThrownBy(() -> ModelFiles.fromBytes(plainFile(Map.of("format", "pt")), options))
          .isInstanceOf(WeightFileException.class)
          .hasMessageContaining("nonlinearity (tanh or relu)")
          .hasMessageContaining("--nonlinearity tanh or --nonlinearity relu")
          .hasMessageContaining("WeightFileOptions.withNonlinearity")
          .hasMessageContaining("save_file(model.state_dict(), path, metadata={\"nonlinearity\": \"relu\"})");
    }
  }

  @Test
  void theFileMetadataDecides() throws Exception {
    assertThat(ModelFiles.fromBytes(plainFile(Map.of("nonlinearity", "relu")), DEFAULTS).config().cell())
        .isEqualTo(CellType.RNN_RELU);
    assertThat(ModelFiles.fromBytes(plainFile(Map.of("nonlinearity", "tanh")), DEFAULTS).config().cell())
        .isEqualTo(CellType.RNN);
    assertThat(ModelFiles.fromBytes(plainFile(Map.of("nonlinearity", "ReLU")), DEFAULTS).get("weight_hh_l1"))
        .isEqualTo(PARAMETERS.get("weight_hh_l1"));
    assertThatThrownBy(() -> ModelFiles.fromBytes(plainFile(Map.of("nonlinearity", "sigmoid")), DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("__metadata__ nonlinearity: unknown nonlinearity 'sigmoid', expected one of [tanh, relu]");
  }

  @Test
  void anOptionDecidesAndMustNotContradictTheFile() throws Exception {
    assertThat(ModelFiles.fromBytes(plainFile(Map.of()), DEFAULTS.withNonlinearity(Nonlinearity.RELU)).config())
        .isEqualTo(new ModelConfig(CellType.RNN_RELU, 2, 3, 2, 1));
    assertThat(ModelFiles.fromBytes(plainFile(Map.of()), DEFAULTS.withCell(CellType.RNN_RELU)).config().cell())
        .isEqualTo(CellType.RNN_RELU);
    assertThat(ModelFiles.fromBytes(plainFile(Map.of()), DEFAULTS.withNonlinearity(Nonlinearity.TANH)).config().cell())
        .isEqualTo(CellType.RNN);
    assertThatThrownBy(() -> ModelFiles.fromBytes(
            plainFile(Map.of("nonlinearity", "tanh")), DEFAULTS.withNonlinearity(Nonlinearity.RELU)))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("nonlinearity 'relu' was given, but the file's __metadata__ records 'tanh'");
    assertThatThrownBy(() -> ModelFiles.fromBytes(
            plainFile(Map.of()), DEFAULTS.withNonlinearity(Nonlinearity.TANH).withCell(CellType.RNN_RELU)))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("holds a 'rnn' model (inferred from the tensor shapes), expected 'rnn-relu'");
  }

  @Test
  void flowcastFilesRecordItInTheirCell() throws Exception {
    ModelParameters relu = RawFiles.randomParameters(RNN.withOutputSize(0), 6);
    ModelParameters reluModel = ModelParameters.of(new ModelConfig(CellType.RNN_RELU, 2, 3, 2, 0), relu.asMap());
    byte[] bytes = ModelFiles.toBytes(reluModel, DType.F32);
    assertThat(new SafetensorsReader().fromBytes(bytes).metadata()).containsEntry("flowcast.cell", "rnn-relu");
    assertThat(ModelFiles.fromBytes(bytes, DEFAULTS)).isEqualTo(reluModel);
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes, DEFAULTS.withNonlinearity(Nonlinearity.TANH)))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("nonlinearity 'tanh' was given, but the file records cell 'rnn-relu'");
  }

  @Test
  void aNonlinearityForAnotherCellIsAnError() {
    ModelParameters lstm = RawFiles.randomParameters(new ModelConfig(CellType.LSTM, 2, 3, 1, 0), 7);
    assertThatThrownBy(() -> ModelFiles.fromBytes(
            ModelFiles.toBytes(lstm, DType.F32), DEFAULTS.withNonlinearity(Nonlinearity.RELU)))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("nonlinearity 'relu' was given, but the file holds a 'lstm' model");
  }
}
