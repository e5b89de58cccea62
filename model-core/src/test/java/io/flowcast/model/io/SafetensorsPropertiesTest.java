package io.flowcast.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flowcast.model.AllocationBudget;
import io.flowcast.model.CellType;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SafetensorsPropertiesTest {

  @Provide
  Arbitrary<Tensor> tensors() {
    Arbitrary<DType> dtypes = Arbitraries.of(DType.F32, DType.F64);
    Arbitrary<int[]> shapes =
        Arbitraries.integers().between(0, 5).array(int[].class).ofMaxSize(3);
    return Combinators.combine(dtypes, shapes, Arbitraries.randoms())
        .as(
            (dtype, shape, random) -> {
              double[] values = new double[(int) Tensor.elementCount(shape)];
              for (int i = 0; i < values.length; i++) {
                double value =
                    switch (random.nextInt(4)) {
                      case 0 -> Double.longBitsToDouble(random.nextLong()); // any bits, NaN too
                      case 1 -> random.nextGaussian();
                      case 2 -> List.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE).get(random.nextInt(4));
                      default -> random.nextInt(1000) - 500;
                    };
                values[i] = dtype == DType.F32 ? (float) value : value;
              }
              return new Tensor(dtype, shape, values);
            });
  }

  @Provide
  Arbitrary<Map<String, Tensor>> tensorMaps() {
    Arbitrary<String> names =
        Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(name -> !name.equals("__metadata__"));
    return Arbitraries.maps(names, tensors()).ofMaxSize(6).map(LinkedHashMap::new);
  }

  @Provide
  Arbitrary<Map<String, String>> metadataMaps() {
    return Arbitraries.maps(Arbitraries.strings().ofMaxLength(10), Arbitraries.strings().ofMaxLength(20))
        .ofMaxSize(4)
        .map(LinkedHashMap::new);
  }

  @Property(tries = 300)
  void randomTensorsRoundTrip(
      @ForAll("tensorMaps") Map<String, Tensor> tensors,
      @ForAll("metadataMaps") Map<String, String> metadata)
      throws Exception {
    byte[] bytes = SafetensorsWriter.toBytes(tensors, metadata);
    SafetensorsFile file = new SafetensorsReader().fromBytes(bytes);
    assertThat(file.metadata()).containsExactlyEntriesOf(metadata);
    assertThat(file.tensorInfos().keySet()).containsExactlyElementsOf(tensors.keySet());
    Map<String, Tensor> read = file.tensors();
    tensors.forEach(
        (name, tensor) -> {
          Tensor copy = read.get(name);
          assertThat(copy.dtype()).isEqualTo(tensor.dtype());
          assertThat(copy.shape()).isEqualTo(tensor.shape());
          long[] expectedBits = Arrays.stream(tensor.values()).mapToLong(Double::doubleToRawLongBits).toArray();
          long[] actualBits = Arrays.stream(copy.values()).mapToLong(Double::doubleToRawLongBits).toArray();
          if (tensor.dtype() == DType.F64) {
            assertThat(actualBits).as(name).isEqualTo(expectedBits); // raw bits, NaN payloads too
          } else {
            assertThat(copy.values()).as(name).isEqualTo(tensor.values());
          }
        });
  }

  @Property(tries = 30)
  void randomModelsRoundTrip(
      @ForAll CellType cell,
      @ForAll @IntRange(min = 1, max = 6) int input,
      @ForAll @IntRange(min = 1, max = 6) int hidden,
      @ForAll @IntRange(min = 1, max = 3) int layers,
      @ForAll @IntRange(min = 0, max = 3) int output,
      @ForAll boolean f64,
      @ForAll long seed)
      throws Exception {
    ModelParameters parameters = RawFiles.randomParameters(new ModelConfig(cell, input, hidden, layers, output), seed);
    byte[] bytes = ModelFiles.toBytes(parameters, f64 ? DType.F64 : DType.F32);
    assertThat(ModelFiles.fromBytes(bytes, cell)).isEqualTo(parameters);
    // Without metadata the same model is inferred from the shapes.
    SafetensorsFile file = new SafetensorsReader().fromBytes(bytes);
    // (an RNN's nonlinearity is not in its shapes: it must be named)
    byte[] plain = SafetensorsWriter.toBytes(file.tensors(), Map.of());
    WeightFileOptions options = cell == CellType.RNN_RELU
        ? WeightFileOptions.DEFAULTS.withNonlinearity(Nonlinearity.RELU)
        : WeightFileOptions.DEFAULTS.withNonlinearity(cell == CellType.RNN ? Nonlinearity.TANH : null);
    assertThat(ModelFiles.fromBytes(plain, options)).isEqualTo(parameters);
  }

  /** Every proper prefix of a valid file is rejected with the typed exception, nothing else. */
  @Example
  void truncationAtEveryLengthGivesTheTypedException() {
    ModelParameters parameters = RawFiles.randomParameters(new ModelConfig(CellType.LSTM_PEEPHOLE, 2, 3, 2, 1), 9);
    for (DType dtype : List.of(DType.F32, DType.F64)) {
      byte[] bytes = ModelFiles.toBytes(parameters, dtype);
      for (int length = 0; length < bytes.length; length++) {
        byte[] prefix = Arrays.copyOf(bytes, length);
        assertThatThrownBy(() -> ModelFiles.fromBytes(prefix, WeightFileOptions.DEFAULTS))
            .as("prefix of %d bytes", length)
            .isInstanceOf(WeightFileException.class);
        assertThatThrownBy(() -> new SafetensorsReader().fromBytes(prefix))
            .as("prefix of %d bytes", length)
            .isInstanceOf(WeightFileException.class);
      }
    }
  }

  @Property(tries = 200)
  void truncatedRandomFilesGiveTheTypedException(
      @ForAll("tensorMaps") Map<String, Tensor> tensors, @ForAll @IntRange(min = 1, max = 10_000) int cut) {
    byte[] bytes = SafetensorsWriter.toBytes(tensors, Map.of());
    byte[] prefix = Arrays.copyOf(bytes, Math.max(0, bytes.length - cut));
    assertThatThrownBy(() -> new SafetensorsReader().fromBytes(prefix)).isInstanceOf(WeightFileException.class);
  }

  /** Corrupting bytes of a valid file either still loads or gives the typed exception. */
  @Property(tries = 1000)
  void corruptedFilesGiveOnlyTheTypedException(
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll byte value,
      @ForAll @IntRange(min = 1, max = 3) int count,
      @ForAll boolean inHeader) {
    ModelParameters parameters = RawFiles.randomParameters(new ModelConfig(CellType.GRU, 2, 2, 1, 1), 4);
    byte[] bytes = ModelFiles.toBytes(parameters, DType.F32);
    int headerEnd = 8 + (int) java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    int range = inHeader ? headerEnd : bytes.length;
    for (int i = 0; i < count; i++) {
      bytes[(position + 7919 * i) % range] = value;
    }
    Throwable thrown = catchThrowable(() -> ModelFiles.fromBytes(bytes, WeightFileOptions.DEFAULTS));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(WeightFileException.class);
    }
  }

  // ---- Headers from outside: random bytes, hostile JSON, and the allocation budget ----------

  @Property(tries = 1000)
  void randomBytesGiveTheTypedExceptionWithinTheBudget(@ForAll @Size(max = 300) byte[] bytes) {
    readChecked(bytes);
  }

  @Property(tries = 500)
  void aRandomLengthPrefixGivesTheTypedExceptionWithinTheBudget(
      @ForAll long declaredHeaderLength, @ForAll @Size(max = 100) byte[] rest) {
    readChecked(RawFiles.withLength(declaredHeaderLength, rest));
  }

  /** Headers of hostile entries: any dtype name, any shape and offsets (edge values too). */
  @Property(tries = 1000)
  void hostileHeaderEntriesGiveTheTypedExceptionWithinTheBudget(
      @ForAll("dtypeNames") String dtype,
      @ForAll @Size(max = 5) List<@IntRange(min = -3, max = Integer.MAX_VALUE) Integer> shape,
      @ForAll("offsets") long begin, @ForAll("offsets") long end,
      @ForAll @IntRange(max = 64) int dataBytes, @ForAll boolean twice) {
    String entry = "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    String header = twice ? "{\"a\":" + entry + ",\"b\":" + entry + "}" : "{\"a\":" + entry + "}";
    readChecked(RawFiles.file(header, new byte[dataBytes]));
  }

  /** JSON that is deeply nested, huge-numbered or otherwise not a header. */
  @Property(tries = 200)
  void hostileJsonGivesTheTypedExceptionWithinTheBudget(
      @ForAll("hostileJson") String header, @ForAll @IntRange(max = 16) int dataBytes) {
    readChecked(RawFiles.file(header, new byte[dataBytes]));
  }

  @Provide
  Arbitrary<String> dtypeNames() {
    return Arbitraries.oneOf(
        Arbitraries.of("F32", "F64", "F16", "BF16", "I64", "U8", "BOOL", "f32", ""),
        Arbitraries.strings().alpha().numeric().ofMaxLength(6));
  }

  @Provide
  Arbitrary<Long> offsets() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(-2, 80),
        Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE, 1L << 32, (1L << 62) + 4));
  }

  @Provide
  Arbitrary<String> hostileJson() {
    Arbitrary<Integer> depth = Arbitraries.integers().between(1, 20_000);
    return Arbitraries.oneOf(
        depth.map(d -> "[".repeat(d) + "]".repeat(d)),
        depth.map(d -> "{\"a\":".repeat(d) + "1" + "}".repeat(d)),
        depth.map(d -> "{\"__metadata__\":{\"k\":\"" + "x".repeat(d) + "\"}}"),
        depth.map(d -> "{\"a\":{\"dtype\":\"F32\",\"shape\":[1" + "0".repeat(d % 400) + "],\"data_offsets\":[0,4]}}"),
        depth.map(d -> "{\"a\":{\"dtype\":\"F32\",\"shape\":[" + "1,".repeat(d) + "1],\"data_offsets\":[0,4]}}"),
        Arbitraries.strings().ofMaxLength(50),
        Arbitraries.of("", "null", "[]", "1e999999", "{\"a\":1,\"a\":2}", "{} {}", "{\"__metadata__\":[1]}",
            "{\"__metadata__\":{\"k\":1}}", "\"\\ud800\""));
  }

  /**
   * Reads {@code bytes}: a file or the typed exception, nothing else, within the
   * {@link AllocationBudget} of 64 bytes per file byte (a decoded F32 file holds each value as a
   * double, twice its bytes; the header is decoded to a String and a JSON tree).
   */
  private static void readChecked(byte[] bytes) {
    Throwable thrown = AllocationBudget.check(bytes.length, 64, () -> new SafetensorsReader().fromBytes(bytes).tensors());
    if (thrown != null) {
      assertThat(thrown).as(new String(bytes, StandardCharsets.ISO_8859_1)).isInstanceOf(WeightFileException.class);
    }
  }
}
