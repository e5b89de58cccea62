package io.flowcast.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowcast.model.CellType;
import io.flowcast.model.InvalidParameterException;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelFilesTest {
  private static final WeightFileOptions TANH = WeightFileOptions.DEFAULTS.withNonlinearity(Nonlinearity.TANH);
  private static final ModelConfig PEEPHOLE = new ModelConfig(CellType.LSTM_PEEPHOLE, 3, 5, 2, 2);

  private static void assertBitExact(ModelParameters actual, ModelParameters expected) {
    assertThat(actual.config()).isEqualTo(expected.config());
    assertThat(actual.asMap().keySet()).containsExactlyElementsOf(expected.asMap().keySet());
    expected.asMap().forEach((name, values) -> assertThat(actual.get(name)).as(name).isEqualTo(values));
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void roundTripF32IsBitExact(CellType cell) throws Exception {
    ModelParameters parameters = RawFiles.randomParameters(new ModelConfig(cell, 3, 4, 2, 1), 7);
    parameters.get(ParameterSpec.biasIh(0))[0] = -0.0;
    parameters.get(ParameterSpec.biasIh(0))[1] = Float.MIN_VALUE; // subnormal
    parameters.get(ParameterSpec.biasIh(0))[2] = Float.MAX_VALUE;
    byte[] bytes = ModelFiles.toBytes(parameters, DType.F32);
    assertBitExact(ModelFiles.fromBytes(bytes, cell), parameters);
    assertThat(new SafetensorsReader().fromBytes(bytes).tensorInfos().values())
        .allSatisfy(info -> assertThat(info.dtype()).isEqualTo(DType.F32));
  }

  @Test
  void roundTripF64IsBitExactForAnyDouble() throws Exception {
    ModelParameters parameters = ModelParameters.zeros(PEEPHOLE);
    java.util.Random random = new java.util.Random(3);
    for (double[] values : parameters.asMap().values()) {
      for (int i = 0; i < values.length; i++) {
        values[i] = Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (i % 2 == 0 ? 1 : -1);
      }
    }
    parameters.get(ParameterSpec.HEAD_BIAS)[0] = Double.MIN_VALUE;
    parameters.get(ParameterSpec.HEAD_BIAS)[1] = Math.PI;
    assertBitExact(ModelFiles.fromBytes(ModelFiles.toBytes(parameters, DType.F64), WeightFileOptions.DEFAULTS), parameters);
  }

  @Test
  void writesTensorsInSpecOrderWithConfigMetadata() throws Exception {
    ModelParameters parameters = RawFiles.randomParameters(PEEPHOLE, 1);
    SafetensorsFile file = new SafetensorsReader().fromBytes(ModelFiles.toBytes(parameters, DType.F64));
    assertThat(file.tensorInfos().keySet())
        .containsExactlyElementsOf(ParameterSpec.of(PEEPHOLE).stream()
            .map(spec -> spec.name().startsWith("out.") ? spec.name() : "rnn." + spec.name())
            .toList());
    assertThat(file.tensorInfos().keySet()).startsWith("rnn.weight_ih_l0").endsWith("out.weight", "out.bias");
    assertThat(file.metadata())
        .containsExactly(
            Map.entry("flowcast.format_version", "2"),
            Map.entry("flowcast.cell", "lstm-peephole"),
            Map.entry("flowcast.input_size", "3"),
            Map.entry("flowcast.hidden_size", "5"),
            Map.entry("flowcast.num_layers", "2"),
            Map.entry("flowcast.output_size", "2"));
    assertThat(ModelMetadata.parse(file.metadata())).contains(PEEPHOLE);
    long previousEnd = 0;
    for (TensorInfo info : file.tensorInfos().values()) {
      assertThat(info.begin()).isEqualTo(previousEnd);
      previousEnd = info.end();
    }
  }

  @Test
  void extraMetadataIsPreserved() throws Exception {
    ModelParameters parameters = RawFiles.randomParameters(PEEPHOLE, 1);
    byte[] bytes = ModelFiles.toBytes(parameters, DType.F32, Map.of("step", "1200"));
    SafetensorsFile file = new SafetensorsReader().fromBytes(bytes);
    assertThat(file.metadata()).containsEntry("step", "1200").containsEntry("flowcast.cell", "lstm-peephole");
    assertBitExact(ModelFiles.fromSafetensors(file, CellType.LSTM_PEEPHOLE), parameters);
    assertThatThrownBy(() -> ModelFiles.toBytes(parameters, DType.F32, Map.of("flowcast.cell", "gru")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
  }

  @Test
  void pathAndStreamVariants(@TempDir Path dir) throws Exception {
    ModelParameters parameters = RawFiles.randomParameters(PEEPHOLE, 2);
    Path path = dir.resolve("model.safetensors");
    ModelFiles.write(parameters, path, DType.F32);
    assertBitExact(ModelFiles.read(path), parameters);
    assertBitExact(ModelFiles.read(path, CellType.LSTM_PEEPHOLE), parameters);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelFiles.write(parameters, out, DType.F32);
    assertThat(out.toByteArray()).isEqualTo(Files.readAllBytes(path));
    assertBitExact(ModelFiles.read(new ByteArrayInputStream(out.toByteArray()), WeightFileOptions.DEFAULTS), parameters);
  }

  @Test
  void writeRejectsValuesThatCannotBeReadBack() {
    ModelParameters parameters = RawFiles.randomParameters(PEEPHOLE, 2);
    parameters.get("peephole_f_l1")[3] = 1e300; // finite as F64, infinite as F32
    assertThat(ModelFiles.toBytes(parameters, DType.F64)).isNotEmpty();
    assertThatThrownBy(() -> ModelFiles.toBytes(parameters, DType.F32))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("peephole_f_l1");
    parameters.get("peephole_f_l1")[3] = Double.NaN;
    assertThatThrownBy(() -> ModelFiles.toBytes(parameters, DType.F64))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("peephole_f_l1");
    assertThatThrownBy(() -> ModelFiles.toBytes(RawFiles.randomParameters(PEEPHOLE, 2), DType.BF16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BF16");
  }

  // ---- files without Flowcast metadata (as PyTorch writes them) ----

  /**
   * A file laid out as {@code safetensors.torch.save_file(model.state_dict(), path)} does: header
   * keys and data sorted by name, F32, optional {@code {"format":"pt"}} metadata. Built by hand.
   */
  private static byte[] torchFile(ModelParameters parameters, Map<String, double[]> extra, boolean formatPt) {
    return torchFile(parameters, extra, formatPt ? "\"format\":\"pt\"" : null);
  }

  /** As above with the given {@code __metadata__} entries (JSON text without braces), or none. */
  private static byte[] torchFile(ModelParameters parameters, Map<String, double[]> extra, String metadata) {
    TreeMap<String, double[]> sorted = new TreeMap<>(parameters.asMap());
    sorted.putAll(extra);
    Map<String, int[]> shapes = new LinkedHashMap<>();
    ParameterSpec.of(parameters.config()).forEach(spec -> shapes.put(spec.name(), spec.shape()));
    StringBuilder header = new StringBuilder("{");
    if (metadata != null) {
      header.append("\"__metadata__\":{").append(metadata).append("},");
    }
    List<Float> data = new ArrayList<>();
    for (Map.Entry<String, double[]> entry : sorted.entrySet()) {
      int[] shape = shapes.getOrDefault(entry.getKey(), new int[] {entry.getValue().length});
      header.append('"').append(entry.getKey()).append("\":{\"dtype\":\"F32\",\"shape\":")
          .append(java.util.Arrays.toString(shape).replace(" ", ""))
          .append(",\"data_offsets\":[").append(4L * data.size()).append(',')
          .append(4L * (data.size() + entry.getValue().length)).append("]},");
      for (double value : entry.getValue()) {
        data.add((float) value);
      }
    }
    header.setCharAt(header.length() - 1, '}');
    ByteBuffer buffer = ByteBuffer.allocate(4 * data.size()).order(ByteOrder.LITTLE_ENDIAN);
    data.forEach(buffer::putFloat);
    return RawFiles.file(header.toString(), buffer.array());
  }

  @ParameterizedTest
  @EnumSource(CellType.class)
  void infersTheConfigWithoutMetadata(CellType cell) throws Exception {
    for (ModelConfig config :
        List.of(new ModelConfig(cell, 3, 4, 2, 1), new ModelConfig(cell, 1, 6, 1, 0), new ModelConfig(cell, 7, 2, 3, 5))) {
      ModelParameters parameters = RawFiles.randomParameters(config, 11);
      String recorded = switch (cell) {
        case RNN -> "\"nonlinearity\":\"tanh\"";
        case RNN_RELU -> "\"format\":\"pt\",\"nonlinearity\":\"relu\"";
        default -> null;
      };
      assertBitExact(ModelFiles.fromBytes(torchFile(parameters, Map.of(), recorded), WeightFileOptions.DEFAULTS), parameters);
      String withFormat = recorded == null ? "\"format\":\"pt\"" : recorded;
      assertBitExact(ModelFiles.fromBytes(torchFile(parameters, Map.of(), withFormat), cell), parameters);
    }
  }

  @Test
  void ignoresExtraTensors() throws Exception {
    ModelParameters parameters = RawFiles.randomParameters(new ModelConfig(CellType.GRU, 2, 3, 1, 1), 5);
    byte[] bytes = torchFile(parameters, Map.of("embedding.weight", new double[] {1, 2, 3}), true);
    assertBitExact(ModelFiles.fromBytes(bytes, CellType.GRU), parameters);
  }

  @Test
  void ignoresExtraTensorsOfUnreadableDtype() throws Exception {
    ModelParameters parameters = RawFiles.randomParameters(new ModelConfig(CellType.RNN, 2, 3, 1, 0), 5);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    parameters.asMap().forEach((name, values) -> tensors.put(name, new Tensor(DType.F32, shape(parameters, name), values)));
    byte[] plain = SafetensorsWriter.toBytes(tensors, Map.of());
    // Append an I64 scalar by rewriting the header by hand.
    SafetensorsFile parsed = new SafetensorsReader().fromBytes(plain);
    long dataLength = parsed.tensorInfos().values().stream().mapToLong(TensorInfo::end).max().orElse(0);
    int headerLength = (int) ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(plain, 8, headerLength, java.nio.charset.StandardCharsets.UTF_8).strip();
    header = header.substring(0, header.length() - 1)
        + ",\"num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[" + dataLength + "," + (dataLength + 8) + "]}}";
    byte[] data = java.util.Arrays.copyOfRange(plain, 8 + headerLength, plain.length);
    byte[] bytes = RawFiles.file(header, RawFiles.concat(data, new byte[8]));
    assertBitExact(ModelFiles.fromBytes(bytes, TANH), parameters);
  }

  private static int[] shape(ModelParameters parameters, String name) {
    return ParameterSpec.of(parameters.config()).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().shape();
  }

  @Test
  void cellMismatchIsATypedError() {
    ModelParameters lstm = RawFiles.randomParameters(new ModelConfig(CellType.LSTM, 2, 3, 1, 1), 5);
    assertThatThrownBy(() -> ModelFiles.fromBytes(torchFile(lstm, Map.of(), false), CellType.LSTM_PEEPHOLE))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("holds a 'lstm' model (inferred from the tensor shapes), expected 'lstm-peephole'");
    assertThatThrownBy(() -> ModelFiles.fromBytes(ModelFiles.toBytes(lstm, DType.F32), CellType.GRU))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("holds a 'lstm' model, expected 'gru'");
  }

  @Test
  void unknownFormatVersion() {
    ModelParameters parameters = RawFiles.randomParameters(PEEPHOLE, 1);
    Map<String, String> metadata = new LinkedHashMap<>(ModelMetadata.of(PEEPHOLE));
    metadata.put(ModelMetadata.FORMAT_VERSION, "3");
    byte[] bytes = SafetensorsWriter.toBytes(tensorsOf(parameters), metadata);
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes, WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("unsupported flowcast.format_version '3' (supported: 1, 2)");
  }

  @Test
  void invalidMetadataValues() {
    ModelParameters parameters = RawFiles.randomParameters(PEEPHOLE, 1);
    for (Map.Entry<String, String> bad :
        List.of(Map.entry(ModelMetadata.CELL, "transformer"), Map.entry(ModelMetadata.HIDDEN_SIZE, "five"),
            Map.entry(ModelMetadata.NUM_LAYERS, "0"))) {
      Map<String, String> metadata = new LinkedHashMap<>(ModelMetadata.of(PEEPHOLE));
      metadata.put(bad.getKey(), bad.getValue());
      byte[] bytes = SafetensorsWriter.toBytes(tensorsOf(parameters), metadata);
      assertThatThrownBy(() -> ModelFiles.fromBytes(bytes, WeightFileOptions.DEFAULTS))
          .isInstanceOf(WeightFileException.class)
          .hasMessageContaining("metadata");
    }
    Map<String, String> metadata = new LinkedHashMap<>(ModelMetadata.of(PEEPHOLE));
    metadata.remove(ModelMetadata.OUTPUT_SIZE);
    assertThatThrownBy(() -> ModelFiles.fromBytes(SafetensorsWriter.toBytes(tensorsOf(parameters), metadata), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("no flowcast.output_size");
  }

  private static Map<String, Tensor> tensorsOf(ModelParameters parameters) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(parameters.config())) {
      tensors.put(spec.name(), new Tensor(DType.F32, spec.shape(), parameters.get(spec.name())));
    }
    return tensors;
  }

  @Test
  void missingTensor() {
    ModelParameters parameters = RawFiles.randomParameters(PEEPHOLE, 1);
    Map<String, Tensor> tensors = tensorsOf(parameters);
    tensors.remove("peephole_o_l1");
    byte[] bytes = SafetensorsWriter.toBytes(tensors, ModelMetadata.of(PEEPHOLE));
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes, WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'peephole_o_l1': missing (expected shape [5]")
        .extracting(e -> ((WeightFileException) e).tensorName())
        .isEqualTo("peephole_o_l1");
  }

  @Test
  void missingTensorWithoutMetadata() {
    ModelParameters parameters = RawFiles.randomParameters(new ModelConfig(CellType.LSTM, 2, 3, 2, 1), 5);
    Map<String, Tensor> tensors = tensorsOf(parameters);
    tensors.remove("bias_hh_l1");
    assertThatThrownBy(() -> ModelFiles.fromBytes(SafetensorsWriter.toBytes(tensors, Map.of()), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'bias_hh_l1': missing");
    tensors.remove("weight_hh_l0");
    assertThatThrownBy(() -> ModelFiles.fromBytes(SafetensorsWriter.toBytes(tensors, Map.of()), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'weight_hh_l0': missing: it gives the model's sizes");
  }

  @Test
  void layerGapWithoutMetadata() {
    ModelParameters parameters = RawFiles.randomParameters(new ModelConfig(CellType.GRU, 2, 3, 3, 0), 5);
    Map<String, Tensor> tensors = tensorsOf(parameters);
    tensors.remove("weight_ih_l1");
    assertThatThrownBy(() -> ModelFiles.fromBytes(SafetensorsWriter.toBytes(tensors, Map.of()), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'weight_ih_l1'");
  }

  @Test
  void wrongShape() {
    ModelParameters parameters = RawFiles.randomParameters(PEEPHOLE, 1);
    Map<String, Tensor> tensors = tensorsOf(parameters);
    double[] values = parameters.get("weight_ih_l1");
    tensors.put("weight_ih_l1", new Tensor(DType.F32, new int[] {5, 20}, values)); // same count, [20, 5] expected
    byte[] bytes = SafetensorsWriter.toBytes(tensors, ModelMetadata.of(PEEPHOLE));
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes, WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'weight_ih_l1': shape [5, 20], expected [20, 5]");
  }

  @Test
  void shapesThatCannotBeInferred() {
    ModelParameters parameters = RawFiles.randomParameters(new ModelConfig(CellType.LSTM, 2, 3, 1, 0), 5);
    Map<String, Tensor> tensors = tensorsOf(parameters);
    tensors.put("weight_hh_l0", new Tensor(DType.F32, new int[] {6, 3}, new double[18])); // G = 2
    assertThatThrownBy(() -> ModelFiles.fromBytes(SafetensorsWriter.toBytes(tensors, Map.of()), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'weight_hh_l0'")
        .hasMessageContaining("2 gate blocks");
    tensors.put("weight_hh_l0", new Tensor(DType.F32, new int[] {36}, new double[36]));
    assertThatThrownBy(() -> ModelFiles.fromBytes(SafetensorsWriter.toBytes(tensors, Map.of()), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'weight_hh_l0'")
        .hasMessageContaining("not a matrix");
  }

  @Test
  void rejectsBidirectionalAndProjectedModels() {
    ModelParameters parameters = RawFiles.randomParameters(new ModelConfig(CellType.LSTM, 2, 3, 1, 0), 5);
    Map<String, Tensor> tensors = tensorsOf(parameters);
    tensors.put("weight_ih_l0_reverse", tensors.get("weight_ih_l0"));
    assertThatThrownBy(() -> ModelFiles.fromBytes(SafetensorsWriter.toBytes(tensors, Map.of()), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'weight_ih_l0_reverse': bidirectional");
    tensors.remove("weight_ih_l0_reverse");
    tensors.put("weight_hr_l0", new Tensor(DType.F32, new int[] {1, 3}, new double[3]));
    assertThatThrownBy(() -> ModelFiles.fromBytes(SafetensorsWriter.toBytes(tensors, Map.of()), WeightFileOptions.DEFAULTS))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'weight_hr_l0'");
  }

  @Test
  void nonFiniteValuesNameTheTensor() {
    ModelParameters parameters = RawFiles.randomParameters(PEEPHOLE, 1);
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      Map<String, Tensor> tensors = tensorsOf(parameters.copy());
      tensors.get("bias_hh_l1").values()[4] = bad;
      byte[] bytes = SafetensorsWriter.toBytes(tensors, ModelMetadata.of(PEEPHOLE));
      assertThatThrownBy(() -> ModelFiles.fromBytes(bytes, WeightFileOptions.DEFAULTS))
          .isInstanceOf(WeightFileException.class)
          .hasMessageContaining("tensor 'bias_hh_l1': invalid value: value " + bad + " at flat index 4")
          .hasCauseInstanceOf(InvalidParameterException.class)
          .extracting(e -> ((WeightFileException) e).tensorName())
          .isEqualTo("bias_hh_l1");
    }
  }

  @Test
  void unreadableDtypeOfAModelTensor() {
    String header = "{\"weight_ih_l0\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
        + "\"weight_hh_l0\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[4,8]},"
        + "\"bias_ih_l0\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[8,12]},"
        + "\"bias_hh_l0\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[12,20]}}";
    byte[] bytes = RawFiles.file(header, RawFiles.concat(RawFiles.f32(1, 2), new byte[4], RawFiles.f64(3)));
    assertThatThrownBy(() -> ModelFiles.fromBytes(bytes, TANH.withCell(CellType.RNN)))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'bias_ih_l0': unsupported dtype I32");
  }

  @Test
  void mixedReadableDtypesLoad() throws Exception {
    String header = "{\"weight_ih_l0\":{\"dtype\":\"F16\",\"shape\":[1,1],\"data_offsets\":[0,2]},"
        + "\"weight_hh_l0\":{\"dtype\":\"BF16\",\"shape\":[1,1],\"data_offsets\":[2,4]},"
        + "\"bias_ih_l0\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
        + "\"bias_hh_l0\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}";
    byte[] bytes = RawFiles.file(header,
        RawFiles.concat(new byte[] {0x00, 0x3C, (byte) 0x80, 0x3F}, RawFiles.f32(0.25f), RawFiles.f64(0.1)));
    ModelParameters loaded = ModelFiles.fromBytes(bytes, TANH.withCell(CellType.RNN));
    assertThat(loaded.config()).isEqualTo(new ModelConfig(CellType.RNN, 1, 1, 1, 0));
    assertThat(loaded.get("weight_ih_l0")).containsExactly(1.0);
    assertThat(loaded.get("weight_hh_l0")).containsExactly(1.0);
    assertThat(loaded.get("bias_ih_l0")).containsExactly(0.25);
    assertThat(loaded.get("bias_hh_l0")).containsExactly(0.1);
  }
}
