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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * State_dicts of users' modules (through {@link ModelFiles}): the recurrent block and the head
 * under any prefix, candidates found or chosen, and clear errors where the file leaves a choice.
 */
class StateDictLayoutTest {
  private static final ModelConfig LSTM = new ModelConfig(CellType.LSTM, 2, 3, 2, 2);
  private static final ModelParameters PARAMETERS = RawFiles.randomParameters(LSTM, 3);

  /** The model's tensors as a module with the given attribute prefixes saves them. */
  private static Map<String, Tensor> stateDict(ModelParameters parameters, String rnn, String head) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(parameters.config())) {
      boolean isHead = spec.name().startsWith("out.");
      String name = isHead ? head + spec.name().substring(4) : rnn + spec.name();
      tensors.put(name, new Tensor(DType.F32, spec.shape(), parameters.get(spec.name())));
    }
    return tensors;
  }

  private static byte[] bytes(Map<String, Tensor> tensors) {
    return SafetensorsWriter.toBytes(tensors, Map.of());
  }

  @ParameterizedTest(name = "rnn ''{0}'' head ''{1}''")
  @CsvSource({
      "'', out.", "rnn., out.", "lstm., fc.", "encoder., head.", "model.lstm., model.linear.",
      "model.lstm., model.decoder.", "net.0., net.1."})
  void findsTheRecurrentBlockAndTheHeadUnderAnyPrefix(String rnn, String head) throws Exception {
    Map<String, Tensor> tensors = stateDict(PARAMETERS, rnn, head);
    tensors.put("norm.weight", new Tensor(DType.F32, new int[] {3}, new double[3])); // LayerNorm(H)
    tensors.put("norm.bias", new Tensor(DType.F32, new int[] {3}, new double[3]));
    tensors.put("embedding.weight", new Tensor(DType.F32, new int[] {4, 2}, new double[8]));
    assertThat(ModelFiles.fromBytes(bytes(tensors), CellType.LSTM)).isEqualTo(PARAMETERS);
  }

  @Test
  void aModelWithoutAHeadUnderAPrefix() throws Exception {
    ModelParameters noHead = RawFiles.randomParameters(LSTM.withOutputSize(0), 4);
    assertThat(ModelFiles.fromBytes(bytes(stateDict(noHead, "encoder.", "unused.")), WeightFileOptions.DEFAULTS)).isEqualTo(noHead);
  }

  @Test
  void twoRecurrentBlocksAreAChoice() throws Exception {
    Map<String, Tensor> tensors = stateDict(PARAMETERS, "encoder.", "out.");
    ModelParameters other = RawFiles.randomParameters(LSTM.withOutputSize(0), 8);
    tensors.putAll(stateDict(other, "decoder.", "none."));
    byte[] file = bytes(tensors);

    assertThatThrownBy(() -> ModelFiles.fromBytes(file, WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("2 recurrent blocks, under 'decoder.', 'encoder.'")
        .hasMessageContaining("--rnn-prefix")
        .hasMessageContaining("WeightFileOptions.withRnnPrefix");
    assertThat(ModelFiles.fromBytes(file, WeightFileOptions.DEFAULTS.withRnnPrefix("encoder")))
        .isEqualTo(PARAMETERS);
    assertThat(ModelFiles.fromBytes(file, WeightFileOptions.DEFAULTS.withRnnPrefix("decoder.")).get("weight_hh_l1"))
        .isEqualTo(other.get("weight_hh_l1"));
    assertThatThrownBy(() -> ModelFiles.fromBytes(file, WeightFileOptions.DEFAULTS.withRnnPrefix("lstm.")))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("no recurrent weights under the chosen prefix 'lstm.' (no 'lstm.weight_ih_l0')")
        .hasMessageContaining("recurrent blocks in the file: 'decoder.', 'encoder.'");
  }

  @Test
  void twoCandidateHeadsAreAChoice() throws Exception {
    Map<String, Tensor> tensors = stateDict(PARAMETERS, "rnn.", "fc.");
    ModelParameters other = RawFiles.randomParameters(LSTM, 9);
    tensors.put("proj.weight", new Tensor(DType.F32, new int[] {2, 3}, other.get("out.weight")));
    tensors.put("proj.bias", new Tensor(DType.F32, new int[] {2}, other.get("out.bias")));
    byte[] file = bytes(tensors);

    assertThatThrownBy(() -> ModelFiles.fromBytes(file, WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("2 candidate heads, under 'fc.', 'proj.'")
        .hasMessageContaining("--head-prefix")
        .hasMessageContaining("WeightFileOptions.withHeadPrefix");
    assertThat(ModelFiles.fromBytes(file, WeightFileOptions.DEFAULTS.withHeadPrefix("fc"))).isEqualTo(PARAMETERS);
    assertThat(ModelFiles.fromBytes(file, WeightFileOptions.DEFAULTS.withHeadPrefix("proj.")).get("out.weight"))
        .isEqualTo(other.get("out.weight"));
    assertThatThrownBy(() -> ModelFiles.fromBytes(file, WeightFileOptions.DEFAULTS.withHeadPrefix("out.")))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("no head under the chosen prefix 'out.'")
        .hasMessageContaining("heads in the file: 'fc.', 'proj.'");
  }

  @Test
  void aLinearOfAnotherWidthIsNoHeadUnlessItHasAHeadName() throws Exception {
    Map<String, Tensor> tensors = stateDict(PARAMETERS.copy(), "rnn.", "fc.");
    tensors.remove("fc.weight");
    tensors.remove("fc.bias");
    tensors.put("adapter.weight", new Tensor(DType.F32, new int[] {2, 5}, new double[10])); // [O, 5], H = 3
    tensors.put("adapter.bias", new Tensor(DType.F32, new int[] {2}, new double[2]));
    assertThat(ModelFiles.fromBytes(bytes(tensors), WeightFileOptions.DEFAULTS).config().outputSize()).isZero();

    tensors.put("head.weight", new Tensor(DType.F32, new int[] {2, 5}, new double[10]));
    tensors.put("head.bias", new Tensor(DType.F32, new int[] {2}, new double[2]));
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes(tensors), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'head.weight': shape [2, 5], expected [2, 3]");
  }

  @Test
  void aHeadWithoutBiasIsRefusedNotDropped() {
    Map<String, Tensor> tensors = stateDict(PARAMETERS, "lstm.", "fc.");
    tensors.remove("fc.bias");
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes(tensors), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'fc.weight': a head without a bias (nn.Linear(..., bias=False)) is not supported");
  }

  @Test
  void noRecurrentWeightsSaysWhatTheFileHolds() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("fc.weight", new Tensor(DType.F32, new int[] {1, 4}, new double[4]));
    tensors.put("fc.bias", new Tensor(DType.F32, new int[] {1}, new double[1]));
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes(tensors), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("no recurrent weights (weight_ih_l0) under any prefix")
        .hasMessageContaining("the file holds 2 tensors: fc.weight[1, 4], fc.bias[1]")
        .hasMessageNotContaining("flowcast.format_version");
  }

  @Test
  void tensorsAreNamedAsTheFileNamesThem() {
    Map<String, Tensor> tensors = stateDict(PARAMETERS, "model.lstm.", "model.fc.");
    tensors.remove("model.lstm.bias_hh_l1");
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes(tensors), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'model.lstm.bias_hh_l1': missing")
        .extracting(e -> ((WeightFileException) e).tensorName())
        .isEqualTo("model.lstm.bias_hh_l1");
    Map<String, Tensor> gap = stateDict(PARAMETERS, "lstm.", "fc.");
    gap.put("lstm.weight_ih_l3", gap.get("lstm.weight_ih_l1"));
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes(gap), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'lstm.weight_ih_l2': missing, but the file has lstm.weight_ih_l3");
  }

  @Test
  void bidirectionalAndProjectedBlocksAreRefusedUnderAPrefix() {
    Map<String, Tensor> tensors = stateDict(PARAMETERS, "encoder.", "fc.");
    tensors.put("encoder.weight_ih_l0_reverse", tensors.get("encoder.weight_ih_l0"));
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes(tensors), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'encoder.weight_ih_l0_reverse': bidirectional models are not supported");
    tensors.remove("encoder.weight_ih_l0_reverse");
    tensors.put("encoder.weight_hr_l0", new Tensor(DType.F32, new int[] {1, 3}, new double[3]));
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes(tensors), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'encoder.weight_hr_l0': LSTM projections (proj_size) are not supported");
  }

  @Test
  void flowcastFilesOfBothVersionsLoad() throws Exception {
    byte[] written = ModelFiles.toBytes(PARAMETERS, DType.F32);
    assertThat(new SafetensorsReader().fromBytes(written).tensorInfos()).containsKeys("rnn.weight_ih_l0", "out.bias");
    assertThat(ModelFiles.fromBytes(written, CellType.LSTM)).isEqualTo(PARAMETERS);
    Map<String, String> versionOne = new LinkedHashMap<>(ModelMetadata.of(LSTM));
    versionOne.put(ModelMetadata.FORMAT_VERSION, "1");
    byte[] old = SafetensorsWriter.toBytes(stateDict(PARAMETERS, "", "out."), versionOne);
    assertThat(ModelFiles.fromBytes(old, CellType.LSTM)).isEqualTo(PARAMETERS);
  }
}
