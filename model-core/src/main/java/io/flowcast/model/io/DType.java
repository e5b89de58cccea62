package io.flowcast.model.io;

import java.util.Optional;

/**
 * The element types of the safetensors format, with their size in bytes.
 *
 * <p>Flowcast reads {@link #F16}, {@link #BF16}, {@link #F32} and {@link #F64} and writes {@link
 * #F32} and {@link #F64}. The other types are known so that files holding them can still be
 * validated (byte sizes checked); decoding a tensor of such a type fails with a {@link
 * WeightFileException} naming the tensor and the type.
 */
public enum DType {
  BOOL(1),
  U8(1),
  I8(1),
  F8_E5M2(1),
  F8_E4M3(1),
  F8_E8M0(1),
  I16(2),
  U16(2),
  F16(2),
  BF16(2),
  I32(4),
  U32(4),
  F32(4),
  I64(8),
  U64(8),
  F64(8);

  private final int byteSize;

  DType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** True for the types Flowcast decodes into {@code double}: F16, BF16, F32, F64. */
  public boolean isReadable() {
    return this == F16 || this == BF16 || this == F32 || this == F64;
  }

  /** True for the types Flowcast writes: F32 and F64. */
  public boolean isWritable() {
    return this == F32 || this == F64;
  }

  /** The type with this header name (e.g. {@code "F32"}; exact, case-sensitive), if any. */
  public static Optional<DType> fromName(String name) {
    for (DType type : values()) {
      if (type.name().equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
