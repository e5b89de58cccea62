package io.flowcast.model.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named-tensor payload of a safetensors file: element type, shape and row-major values widened
 * to {@code double}.
 *
 * <p>The shape is copied; the values array is <em>not</em> copied (tensors can be large), so the
 * caller must not modify it while the tensor is in use. A shape of {@code []} is a scalar (one
 * value); a zero dimension gives an empty tensor.
 */
public final class Tensor {
  private final DType dtype;
  private final int[] shape;
  private final double[] values;

  /**
   * @throws IllegalArgumentException if a dimension is negative or the number of values is not the
   *     product of the shape
   */
  public Tensor(DType dtype, int[] shape, double[] values) {
    this.dtype = Objects.requireNonNull(dtype, "dtype");
    this.shape = Objects.requireNonNull(shape, "shape").clone();
    this.values = Objects.requireNonNull(values, "values");
    long count = elementCount(this.shape);
    if (count != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " needs " + count + " values, got " + values.length);
    }
  }

  public DType dtype() {
    return dtype;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** The row-major values (the live array, not a copy). */
  public double[] values() {
    return values;
  }

  /**
   * Product of the dimensions ({@code 1} for a scalar), saturated to {@link Long#MAX_VALUE} above
   * {@link Integer#MAX_VALUE}.
   *
   * @throws IllegalArgumentException if a dimension is negative
   */
  static long elementCount(int[] shape) {
    for (int dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      if (dim == 0) {
        return 0;
      }
    }
    long count = 1;
    for (int dim : shape) {
      count *= dim; // both factors < 2^31, so no long overflow before the check below
      if (count > Integer.MAX_VALUE) {
        return Long.MAX_VALUE; // saturate: more values than a Java array can hold
      }
    }
    return count;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tensor that
        && dtype == that.dtype
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
  }
}
