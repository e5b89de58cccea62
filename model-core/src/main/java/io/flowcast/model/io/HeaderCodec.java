package io.flowcast.model.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: strict parsing and validation against the data buffer,
 * and compact writing padded with spaces to a multiple of 8 bytes.
 */
final class HeaderCodec {
  static final String METADATA_KEY = "__metadata__";

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private HeaderCodec() {}

  /** Parsed and validated header. */
  record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata) {}

  /**
   * Parses the header bytes and checks every entry against a data buffer of {@code dataLength}
   * bytes: known dtype, non-negative shape, {@code 0 <= begin <= end <= dataLength}, byte length ==
   * elements * dtype size, and (as the reference implementation requires) the ranges tile the data
   * buffer exactly: no overlap, no gap, no trailing bytes.
   */
  static Header parse(byte[] file, int offset, int length, long dataLength)
      throws WeightFileException {
    JsonNode root = parseJson(file, offset, length);
    if (!root.isObject()) {
      throw new WeightFileException("header is not a JSON object but " + root.getNodeType());
    }
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = Map.of();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (field.getKey().equals(METADATA_KEY)) {
        metadata = parseMetadata(field.getValue());
      } else {
        TensorInfo info = parseTensor(field.getKey(), field.getValue(), dataLength);
        tensors.put(info.name(), info);
      }
    }
    checkTiling(tensors, dataLength);
    return new Header(Collections.unmodifiableMap(tensors), metadata);
  }

  private static JsonNode parseJson(byte[] file, int offset, int length)
      throws WeightFileException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(file, offset, length))
              .toString();
    } catch (CharacterCodingException e) {
      throw new WeightFileException("header is not valid UTF-8", e);
    }
    try {
      JsonNode root = MAPPER.readTree(text);
      if (root == null || root.isMissingNode()) {
        throw new WeightFileException("header is empty, expected a JSON object");
      }
      return root;
    } catch (IOException e) { // JsonProcessingException, StreamConstraintsException, ...
      String detail =
          e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
      throw new WeightFileException("header is not valid JSON: " + detail, e);
    }
  }

  private static Map<String, String> parseMetadata(JsonNode node) throws WeightFileException {
    if (node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new WeightFileException(METADATA_KEY + " must be an object of strings");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isTextual()) {
        throw new WeightFileException(
            METADATA_KEY + " value of '" + entry.getKey() + "' is not a string");
      }
      metadata.put(entry.getKey(), entry.getValue().textValue());
    }
    return Collections.unmodifiableMap(metadata);
  }

  private static TensorInfo parseTensor(String name, JsonNode node, long dataLength)
      throws WeightFileException {
    if (!node.isObject()) {
      throw new WeightFileException(name, "header entry is not an object", null);
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new WeightFileException(name, "missing or non-string \"dtype\"", null);
    }
    DType dtype =
        DType.fromName(dtypeNode.textValue())
            .orElseThrow(
                () ->
                    new WeightFileException(
                        name, "unknown dtype '" + dtypeNode.textValue() + "'", null));
    int[] shape = parseShape(name, node.get("shape"));
    long[] offsets = parseOffsets(name, node.get("data_offsets"));
    long begin = offsets[0];
    long end = offsets[1];
    if (end < begin) {
      throw new WeightFileException(
          name, "data_offsets [" + begin + ", " + end + "]: end < begin", null);
    }
    if (end > dataLength) {
      throw new WeightFileException(
          name,
          "data_offsets [" + begin + ", " + end + "] out of bounds: data buffer has "
              + dataLength + " bytes (file truncated?)",
          null);
    }
    TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
    long count = info.elementCount();
    if (count > Integer.MAX_VALUE || count * dtype.byteSize() != end - begin) {
      throw new WeightFileException(
          name,
          "byte length "
              + (end - begin)
              + " does not match shape "
              + java.util.Arrays.toString(shape)
              + " of "
              + dtype
              + " ("
              + (count > Integer.MAX_VALUE ? "too many elements" : count * dtype.byteSize() + " bytes")
              + ")",
          null);
    }
    return info;
  }

  private static int[] parseShape(String name, JsonNode node) throws WeightFileException {
    if (node == null || !node.isArray()) {
      throw new WeightFileException(name, "missing or non-array \"shape\"", null);
    }
    int[] shape = new int[node.size()];
    for (int i = 0; i < shape.length; i++) {
      JsonNode dim = node.get(i);
      if (!dim.isIntegralNumber()) {
        throw new WeightFileException(name, "shape " + node + " holds a non-integer", null);
      }
      if (dim.canConvertToLong() && dim.longValue() < 0) {
        throw new WeightFileException(name, "shape " + node + " has a negative dimension", null);
      }
      if (!dim.canConvertToInt()) {
        throw new WeightFileException(name, "shape " + node + " has a dimension too large", null);
      }
      shape[i] = dim.intValue();
    }
    return shape;
  }

  private static long[] parseOffsets(String name, JsonNode node) throws WeightFileException {
    if (node == null || !node.isArray() || node.size() != 2) {
      throw new WeightFileException(name, "\"data_offsets\" must be an array [begin, end]", null);
    }
    long[] offsets = new long[2];
    for (int i = 0; i < 2; i++) {
      JsonNode value = node.get(i);
      if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
        throw new WeightFileException(
            name, "data_offsets " + node + " must be two non-negative integers", null);
      }
      offsets[i] = value.longValue();
    }
    return offsets;
  }

  private static void checkTiling(Map<String, TensorInfo> tensors, long dataLength)
      throws WeightFileException {
    List<TensorInfo> sorted = new ArrayList<>(tensors.values());
    sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long expected = 0;
    TensorInfo previous = null;
    for (TensorInfo info : sorted) {
      if (info.begin() < expected) {
        throw new WeightFileException(
            info.name(),
            "data_offsets [" + info.begin() + ", " + info.end() + "] overlap tensor '"
                + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "]",
            null);
      }
      if (info.begin() > expected) {
        throw new WeightFileException(
            info.name(),
            "data_offsets [" + info.begin() + ", " + info.end() + "] leave a gap after byte "
                + expected,
            null);
      }
      expected = info.end();
      previous = info;
    }
    if (expected != dataLength) {
      throw new WeightFileException(
          "data buffer has " + dataLength + " bytes but the tensors cover " + expected);
    }
  }

  /**
   * Compact JSON header ({@code __metadata__} first when non-empty, then the tensors in iteration
   * order), padded with spaces to a multiple of 8 bytes.
   */
  static byte[] write(List<TensorInfo> tensors, Map<String, String> metadata) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      if (!metadata.isEmpty()) {
        json.writeObjectFieldStart(METADATA_KEY);
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
          json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
      }
      for (TensorInfo info : tensors) {
        json.writeObjectFieldStart(info.name());
        json.writeStringField("dtype", info.dtype().name());
        json.writeArrayFieldStart("shape");
        for (int dim : info.shape()) {
          json.writeNumber(dim);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("data_offsets");
        json.writeNumber(info.begin());
        json.writeNumber(info.end());
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen with an in-memory stream
    }
    int padding = (8 - out.size() % 8) % 8;
    for (int i = 0; i < padding; i++) {
      out.write(' ');
    }
    return out.toByteArray();
  }
}
