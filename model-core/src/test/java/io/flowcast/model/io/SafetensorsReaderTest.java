package io.flowcast.model.io;

import static io.flowcast.model.io.RawFiles.f32;
import static io.flowcast.model.io.RawFiles.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {
  private final SafetensorsReader reader = new SafetensorsReader();

  private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] bytes) {
    return assertThatThrownBy(() -> reader.fromBytes(bytes)).isInstanceOf(WeightFileException.class);
  }

  private static String entry(String name, String dtype, String shape, long begin, long end) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
        + ",\"data_offsets\":[" + begin + "," + end + "]}";
  }

  @Test
  void readsAHandBuiltFileWithPaddingAndMetadata() throws Exception {
    String header =
        "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("s", "F32", "[]", 8, 12)
            + ",\"__metadata__\":{\"format\":\"pt\"}}    ";
    SafetensorsFile parsed = reader.fromBytes(file(header, f32(1.5f, -2f, 7f)));
    assertThat(parsed.metadata()).containsExactly(Map.entry("format", "pt"));
    assertThat(parsed.tensorInfos().keySet()).containsExactly("a", "s");
    assertThat(parsed.tensor("a").values()).containsExactly(1.5, -2.0);
    assertThat(parsed.tensor("s").shape()).isEmpty();
    assertThat(parsed.tensor("s").values()).containsExactly(7.0);
  }

  @Test
  void readsHalfPrecisionTypes() throws Exception {
    // F16: 1.0 = 0x3C00, -2.0 = 0xC000, smallest subnormal 0x0001 = 2^-24, 65504 = 0x7BFF.
    // BF16: 1.0 = 0x3F80, -0.5 = 0xBF00.
    byte[] data = {0x00, 0x3C, 0x00, (byte) 0xC0, 0x01, 0x00, (byte) 0xFF, 0x7B,
        (byte) 0x80, 0x3F, 0x00, (byte) 0xBF};
    String header = "{" + entry("h", "F16", "[4]", 0, 8) + "," + entry("b", "BF16", "[2]", 8, 12) + "}";
    SafetensorsFile parsed = reader.fromBytes(file(header, data));
    assertThat(parsed.tensor("h").values()).containsExactly(1.0, -2.0, 0x1p-24, 65504.0);
    assertThat(parsed.tensor("b").values()).containsExactly(1.0, -0.5);
  }

  @Test
  void allHalfValuesConvertLikeTheReference() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float expected = referenceHalfToFloat(bits);
      float actual = ElementCodec.halfToFloat((short) bits);
      if (Float.isNaN(expected)) {
        assertThat(actual).isNaN();
      } else {
        assertThat(Float.floatToIntBits(actual)).as("bits %04x", bits)
            .isEqualTo(Float.floatToIntBits(expected));
      }
    }
  }

  /** Straight from the IEEE 754 definition, in double arithmetic. */
  private static float referenceHalfToFloat(int bits) {
    int sign = (bits >> 15) & 1;
    int exponent = (bits >> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    double value;
    if (exponent == 0x1f) {
      value = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else if (exponent == 0) {
      value = mantissa * Math.pow(2, -24);
    } else {
      value = (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
    }
    return (float) (sign == 1 ? -value : value);
  }

  @Test
  void emptyTensorsAndEmptyFileAreValid() throws Exception {
    assertThat(reader.fromBytes(file("{}", new byte[0])).tensorInfos()).isEmpty();
    String header = "{" + entry("e", "F32", "[0,3]", 0, 0) + "," + entry("a", "F32", "[1]", 0, 4) + "}";
    SafetensorsFile parsed = reader.fromBytes(file(header, f32(1)));
    assertThat(parsed.tensor("e").values()).isEmpty();
  }

  @Test
  void fileShorterThanEightBytes() {
    assertRejected(new byte[0]).hasMessageContaining("not a safetensors file: it is an empty file");
    for (int length = 1; length < 8; length++) {
      assertRejected(new byte[length]).hasMessageContaining("shorter than the 8-byte header length");
    }
  }

  /** torch.save output and other formats get one line: what the file is, and the call to use. */
  @Test
  void otherFormatsAreNamedWithTheCallThatWritesSafetensors() throws Exception {
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    files.put("a zip archive, as torch.save writes", resource("torch_save_zip.pt"));
    files.put("a Python pickle", resource("torch_save_legacy.pt"));
    files.put("JSON text", "  {\"weight_ih_l0\": [[0.1]]}".getBytes(StandardCharsets.UTF_8));
    files.put("an ONNX model", new byte[] {0x08, 0x07, 0x12, 0x07, 'p', 'y', 't', 'o', 'r', 'c', 'h'});
    files.put("an HDF5 file", new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0});
    files.put("an empty file", new byte[0]);
    files.forEach((what, bytes) -> assertRejected(bytes)
        .hasMessageStartingWith("not a safetensors file: it is " + what)
        .hasMessageEndingWith("; save the weights with safetensors.torch.save_file(model.state_dict(), path)")
        .hasMessageNotContaining("header length")
        .hasMessageNotContaining("\n"));
  }

  /** A cut-off safetensors file whose length prefix happens to start like another format is not named one. */
  @Test
  void aTruncatedSafetensorsFileIsNotMistakenForAnotherFormat() {
    for (long length : new long[] {'{', '[', 0x0280, 0x12_0708}) {
      assertRejected(RawFiles.withLength(length, "{\"a\":".getBytes(StandardCharsets.UTF_8)))
          .hasMessageContaining("header length " + length + " exceeds")
          .hasMessageContaining("file truncated?")
          .hasMessageNotContaining("not a safetensors file");
    }
  }

  private static byte[] resource(String name) throws Exception {
    return Files.readAllBytes(Path.of(SafetensorsReaderTest.class.getResource("/pytorch/" + name).toURI()));
  }

  @Test
  void headerLengthLargerThanFile() {
    assertRejected(RawFiles.withLength(100, "{}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("header length 100 exceeds");
  }

  @Test
  void headerLengthLargerThanLimit() {
    assertRejected(RawFiles.withLength(200_000_000L, new byte[16])).hasMessageContaining("limit");
    assertRejected(RawFiles.withLength(-1L, new byte[16]))
        .hasMessageContaining("18446744073709551615");
    assertThatThrownBy(() -> reader.withMaxHeaderBytes(4).fromBytes(file("{}      ", new byte[0])))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("exceeds the limit of 4");
  }

  @Test
  void fileLargerThanLimit(@TempDir Path dir) throws Exception {
    byte[] bytes = file("{" + entry("a", "F32", "[4]", 0, 16) + "}", new byte[16]);
    SafetensorsReader small = reader.withMaxFileBytes(bytes.length - 1);
    assertThatThrownBy(() -> small.fromBytes(bytes))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("larger than the limit");
    assertThatThrownBy(() -> small.read(new ByteArrayInputStream(bytes)))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("larger than the limit");
    Path path = dir.resolve("f.safetensors");
    Files.write(path, bytes);
    assertThatThrownBy(() -> small.read(path))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("larger than the limit");
    assertThat(reader.withMaxFileBytes(bytes.length).read(path).tensorInfos()).containsKey("a");
    assertThat(reader.maxFileBytes()).isEqualTo(1L << 30);
  }

  @Test
  void nonJsonHeader() {
    assertRejected(file("not json", new byte[0])).hasMessageContaining("not valid JSON");
    assertRejected(file("{\"a\":", new byte[0])).hasMessageContaining("not valid JSON");
    assertRejected(file("{} {}", new byte[0])).hasMessageContaining("not valid JSON");
    assertRejected(file("        ", new byte[0])).hasMessageContaining("empty");
    assertRejected(file("[1,2]", new byte[0])).hasMessageContaining("not a JSON object");
    assertRejected(RawFiles.withLength(2, new byte[] {'{', (byte) 0xFF}))
        .hasMessageContaining("UTF-8");
  }

  @Test
  void duplicateKeys() {
    String header = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 4, 8) + "}";
    assertRejected(file(header, new byte[8])).hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void malformedEntries() {
    assertRejected(file("{\"a\":1}", new byte[0]))
        .hasMessageContaining("tensor 'a'")
        .extracting(e -> ((WeightFileException) e).tensorName())
        .isEqualTo("a");
    assertRejected(file("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]))
        .hasMessageContaining("tensor 'a'").hasMessageContaining("dtype");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]))
        .hasMessageContaining("tensor 'a'").hasMessageContaining("shape");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]))
        .hasMessageContaining("tensor 'a'").hasMessageContaining("data_offsets");
    assertRejected(file("{" + entry("a", "F32", "[1.5]", 0, 4) + "}", new byte[4]))
        .hasMessageContaining("tensor 'a'").hasMessageContaining("non-integer");
    assertRejected(file("{" + entry("a", "F32", "[99999999999]", 0, 4) + "}", new byte[4]))
        .hasMessageContaining("tensor 'a'").hasMessageContaining("too large");
    assertRejected(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-1,4]}}", new byte[4]))
        .hasMessageContaining("tensor 'a'").hasMessageContaining("non-negative");
    assertRejected(file("{\"__metadata__\":{\"k\":1}}", new byte[0]))
        .hasMessageContaining("__metadata__");
    assertRejected(file("{\"__metadata__\":[]}", new byte[0])).hasMessageContaining("__metadata__");
  }

  @Test
  void negativeDimension() {
    assertRejected(file("{" + entry("neg", "F32", "[-1,2]", 0, 4) + "}", new byte[4]))
        .hasMessageContaining("tensor 'neg'")
        .hasMessageContaining("negative dimension");
  }

  @Test
  void unknownDtype() {
    assertRejected(file("{" + entry("q", "Q4", "[1]", 0, 1) + "}", new byte[1]))
        .hasMessageContaining("tensor 'q'")
        .hasMessageContaining("unknown dtype 'Q4'");
  }

  @Test
  void knownButUnreadableDtypeFailsOnlyWhenDecoded() throws Exception {
    String header = "{" + entry("steps", "I64", "[]", 0, 8) + "," + entry("w", "F32", "[1]", 8, 12) + "}";
    SafetensorsFile parsed = reader.fromBytes(file(header, RawFiles.concat(new byte[8], f32(3))));
    assertThat(parsed.tensor("w").values()).containsExactly(3.0);
    assertThatThrownBy(() -> parsed.tensor("steps"))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'steps'")
        .hasMessageContaining("unsupported dtype I64");
    assertThatThrownBy(parsed::tensors)
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'steps'");
    assertThatThrownBy(() -> parsed.tensor("nope"))
        .isInstanceOf(WeightFileException.class)
        .hasMessageContaining("tensor 'nope': not in the file");
  }

  @Test
  void endBeforeBegin() {
    assertRejected(file("{" + entry("back", "F32", "[1]", 4, 0) + "}", new byte[4]))
        .hasMessageContaining("tensor 'back'")
        .hasMessageContaining("end < begin");
  }

  @Test
  void offsetsOutOfBounds() {
    assertRejected(file("{" + entry("far", "F32", "[2]", 0, 8) + "}", new byte[4]))
        .hasMessageContaining("tensor 'far'")
        .hasMessageContaining("out of bounds");
  }

  @Test
  void byteSizeDoesNotMatchShape() {
    assertRejected(file("{" + entry("odd", "F32", "[3]", 0, 8) + "}", new byte[8]))
        .hasMessageContaining("tensor 'odd'")
        .hasMessageContaining("byte length 8 does not match shape [3] of F32 (12 bytes)");
    assertRejected(file("{" + entry("odd64", "F64", "[2]", 0, 8) + "}", new byte[8]))
        .hasMessageContaining("tensor 'odd64'");
  }

  @Test
  void overlappingTensors() {
    String header = "{" + entry("first", "F32", "[2]", 0, 8) + "," + entry("second", "F32", "[2]", 4, 12) + "}";
    assertRejected(file(header, new byte[12]))
        .hasMessageContaining("tensor 'second'")
        .hasMessageContaining("overlap tensor 'first'");
  }

  @Test
  void gapsAndTrailingBytes() {
    assertRejected(file("{" + entry("gap", "F32", "[1]", 4, 8) + "}", new byte[8]))
        .hasMessageContaining("tensor 'gap'")
        .hasMessageContaining("gap");
    assertRejected(file("{" + entry("a", "F32", "[1]", 0, 4) + "}", new byte[6]))
        .hasMessageContaining("data buffer has 6 bytes but the tensors cover 4");
  }
}
