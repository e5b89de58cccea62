package io.flowcast.model.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks the writer's bytes against the safetensors specification. */
class SafetensorsWriterTest {

  private static Map<String, Tensor> sample() {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    tensors.put("w", new Tensor(DType.F32, new int[] {2, 2}, new double[] {1, -2, 0.5, 3}));
    tensors.put("b", new Tensor(DType.F64, new int[] {1}, new double[] {1.0}));
    return tensors;
  }

  @Test
  void layoutFollowsTheSpecification() {
    byte[] bytes = SafetensorsWriter.toBytes(sample(), Map.of("k", "v"));
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = buffer.getLong();
    assertThat(headerLength % 8).isZero();
    String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
    String json =
        "{\"__metadata__\":{\"k\":\"v\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
            + "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
    assertThat(header.stripTrailing()).isEqualTo(json);
    assertThat(header.substring(json.length())).matches(" {0,7}");
    assertThat(bytes).hasSize(8 + (int) headerLength + 24);

    byte[] data = Arrays.copyOfRange(bytes, 8 + (int) headerLength, bytes.length);
    // 1.0f little-endian is 00 00 80 3F; 1.0 (double) is 00 .. 00 F0 3F.
    assertThat(Arrays.copyOfRange(data, 0, 4)).containsExactly(0x00, 0x00, 0x80, 0x3F);
    assertThat(data).isEqualTo(RawFiles.concat(RawFiles.f32(1, -2, 0.5f, 3), RawFiles.f64(1.0)));
    assertThat(Arrays.copyOfRange(data, 16, 24))
        .containsExactly(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F);
  }

  @Test
  void emptyMetadataIsOmittedAndEmptyFileIsPadded() {
    byte[] bytes = SafetensorsWriter.toBytes(Map.of(), Map.of());
    assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong()).isEqualTo(8);
    assertThat(new String(bytes, 8, 8, StandardCharsets.UTF_8)).isEqualTo("{}      ");
  }

  @Test
  void everyHeaderLengthIsPaddedToEightBytes() throws Exception {
    for (int nameLength = 1; nameLength <= 16; nameLength++) {
      Map<String, Tensor> tensors =
          Map.of("x".repeat(nameLength), new Tensor(DType.F32, new int[] {1}, new double[] {2}));
      byte[] bytes = SafetensorsWriter.toBytes(tensors, Map.of());
      long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
      assertThat(headerLength % 8).isZero();
      assertThat(new SafetensorsReader().fromBytes(bytes).tensor("x".repeat(nameLength)).values())
          .containsExactly(2.0);
    }
  }

  @Test
  void streamAndPathMatchBytes(@TempDir Path dir) throws Exception {
    byte[] expected = SafetensorsWriter.toBytes(sample(), Map.of("k", "v"));
    var out = new java.io.ByteArrayOutputStream();
    SafetensorsWriter.write(sample(), Map.of("k", "v"), out);
    assertThat(out.toByteArray()).isEqualTo(expected);
    Path file = dir.resolve("w.safetensors");
    Files.write(file, new byte[] {1, 2, 3}); // replaced
    SafetensorsWriter.write(sample(), Map.of("k", "v"), file);
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    try (var listing = Files.list(dir)) {
      assertThat(listing).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void largeTensorsSpanSeveralChunks() throws Exception {
    double[] values = new double[50_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.25;
    }
    byte[] bytes =
        SafetensorsWriter.toBytes(
            Map.of("big", new Tensor(DType.F64, new int[] {values.length}, values)), Map.of());
    assertThat(new SafetensorsReader().fromBytes(bytes).tensor("big").values()).isEqualTo(values);
  }

  @Test
  void rejectsUnwritableDtypeAndReservedName() {
    assertThatThrownBy(
            () ->
                SafetensorsWriter.toBytes(
                    Map.of("h", new Tensor(DType.F16, new int[] {1}, new double[] {1})), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'h'")
        .hasMessageContaining("F16");
    assertThatThrownBy(
            () ->
                SafetensorsWriter.toBytes(
                    Map.of("__metadata__", new Tensor(DType.F32, new int[] {0}, new double[0])),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reserved");
  }
}
