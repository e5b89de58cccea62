package io.flowcast.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian conversion between {@code double[]} and the byte layout of one dtype. */
final class ElementCodec {
  private ElementCodec() {}

  /**
   * Decodes {@code count} elements of a readable dtype starting at {@code offset}.
   *
   * @throws IllegalArgumentException if the dtype is not {@link DType#isReadable() readable}
   */
  static double[] decode(DType dtype, byte[] bytes, int offset, int count) {
    ByteBuffer buffer =
        ByteBuffer.wrap(bytes, offset, count * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    double[] values = new double[count];
    switch (dtype) {
      case F64 -> buffer.asDoubleBuffer().get(values);
      case F32 -> {
        var floats = buffer.asFloatBuffer();
        for (int i = 0; i < count; i++) {
          values[i] = floats.get(i);
        }
      }
      case F16 -> {
        var shorts = buffer.asShortBuffer();
        for (int i = 0; i < count; i++) {
          values[i] = halfToFloat(shorts.get(i));
        }
      }
      case BF16 -> {
        var shorts = buffer.asShortBuffer();
        for (int i = 0; i < count; i++) {
          values[i] = Float.intBitsToFloat((shorts.get(i) & 0xffff) << 16);
        }
      }
      default -> throw new IllegalArgumentException("cannot decode " + dtype);
    }
    return values;
  }

  /**
   * Encodes values into {@code out} (which must have room and little-endian order). F32 rounds each
   * double to the nearest float, as a Java cast does.
   *
   * @throws IllegalArgumentException if the dtype is not {@link DType#isWritable() writable}
   */
  static void encode(DType dtype, double[] values, int from, int to, ByteBuffer out) {
    switch (dtype) {
      case F64 -> {
        for (int i = from; i < to; i++) {
          out.putDouble(values[i]);
        }
      }
      case F32 -> {
        for (int i = from; i < to; i++) {
          out.putFloat((float) values[i]);
        }
      }
      default -> throw new IllegalArgumentException("cannot encode " + dtype);
    }
  }

  /** IEEE 754 binary16 to float (exact: every half value is a float). */
  static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    float magnitude;
    if (exponent == 0) {
      magnitude = mantissa * 0x1p-24f; // zero or subnormal
    } else if (exponent == 0x1f) {
      magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
    } else {
      magnitude = Float.intBitsToFloat(((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
    return (bits & 0x8000) != 0 ? -magnitude : magnitude;
  }
}
