package io.flowcast.model.io;

import java.util.Arrays;

/**
 * Header entry of one tensor in a safetensors file: dtype, shape and byte range {@code [begin,
 * end)} relative to the start of the data buffer. Instances returned by {@link SafetensorsFile}
 * have been validated against the data buffer.
 */
public record TensorInfo(String name, DType dtype, int[] shape, long begin, long end) {

  /** Copies the shape. */
  public TensorInfo {
    shape = shape.clone();
  }

  /** A copy of the shape. */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** Number of elements: product of the shape ({@code 1} for a scalar). */
  public long elementCount() {
    return Tensor.elementCount(shape);
  }

  /** Length of the byte range. */
  public long byteLength() {
    return end - begin;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TensorInfo that
        && name.equals(that.name)
        && dtype == that.dtype
        && Arrays.equals(shape, that.shape)
        && begin == that.begin
        && end == that.end;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype + " " + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
  }
}
