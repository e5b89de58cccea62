package io.flowcast.model.io;

import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Hand-built safetensors bytes for tests, independent of {@link SafetensorsWriter}. */
final class RawFiles {
  private RawFiles() {}

  /** 8-byte LE length of {@code header}, the header as UTF-8 (unpadded), then {@code data}. */
  static byte[] file(String header, byte[] data) {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    return withLength(json.length, concat(json, data));
  }

  /** An arbitrary declared header length followed by {@code rest}. */
  static byte[] withLength(long declaredHeaderLength, byte[] rest) {
    ByteBuffer buffer = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(declaredHeaderLength).put(rest);
    return buffer.array();
  }

  static byte[] f32(float... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      buffer.putFloat(value);
    }
    return buffer.array();
  }

  static byte[] f64(double... values) {
    ByteBuffer buffer = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double value : values) {
      buffer.putDouble(value);
    }
    return buffer.array();
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    for (byte[] part : parts) {
      buffer.put(part);
    }
    return buffer.array();
  }

  /** Parameters with random float-representable values (so F32 files round-trip exactly). */
  static ModelParameters randomParameters(ModelConfig config, long seed) {
    Random random = new Random(seed);
    ModelParameters parameters = ModelParameters.zeros(config);
    for (double[] values : parameters.asMap().values()) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextGaussian();
      }
    }
    return parameters;
  }
}
