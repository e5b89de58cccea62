package io.flowcast.model.train;

import java.util.Arrays;

/**
 * A dense row-major 3-d array of doubles, {@code [dim0][dim1][dim2]}: element {@code (i, j, k)}
 * lives at {@code data[(i * dim1 + j) * dim2 + k]}.
 *
 * <p>Sequences use {@code [T][B][width]} (time, batch, features); recurrent states use {@code
 * [L][B][H]} (layer, batch, hidden). A slice {@code i} is the contiguous block {@code [dim1][dim2]},
 * e.g. one time step of the whole batch. The data array is live (not copied); like any record with an
 * array component, {@code equals} compares the array by identity.
 */
public record Tensor3(int dim0, int dim1, int dim2, double[] data) {

  /** Checks that {@code data} holds exactly {@code dim0 * dim1 * dim2} values. */
  public Tensor3 {
    if (dim0 < 0 || dim1 < 0 || dim2 < 0) {
      throw new IllegalArgumentException(
          "negative dimension [" + dim0 + ", " + dim1 + ", " + dim2 + "]");
    }
    if (data.length != dim0 * dim1 * dim2) {
      throw new IllegalArgumentException(
          "data has " + data.length + " values, expected [" + dim0 + ", " + dim1 + ", " + dim2 + "]");
    }
  }

  /** A zero-filled tensor. */
  public static Tensor3 zeros(int dim0, int dim1, int dim2) {
    return new Tensor3(dim0, dim1, dim2, new double[dim0 * dim1 * dim2]);
  }

  /** Copies a rectangular nested array. */
  public static Tensor3 of(double[][][] values) {
    int dim1 = values.length == 0 ? 0 : values[0].length;
    int dim2 = dim1 == 0 ? 0 : values[0][0].length;
    Tensor3 tensor = zeros(values.length, dim1, dim2);
    for (int i = 0; i < values.length; i++) {
      if (values[i].length != dim1) {
        throw new IllegalArgumentException("ragged array at [" + i + "]");
      }
      for (int j = 0; j < dim1; j++) {
        if (values[i][j].length != dim2) {
          throw new IllegalArgumentException("ragged array at [" + i + "][" + j + "]");
        }
        System.arraycopy(values[i][j], 0, tensor.data, tensor.index(i, j, 0), dim2);
      }
    }
    return tensor;
  }

  /** Flat index of {@code (i, j, k)}. */
  public int index(int i, int j, int k) {
    return (i * dim1 + j) * dim2 + k;
  }

  public double get(int i, int j, int k) {
    return data[index(i, j, k)];
  }

  public void set(int i, int j, int k, double value) {
    data[index(i, j, k)] = value;
  }

  /** A copy of slice {@code i}: {@code dim1 * dim2} values, row-major {@code [dim1][dim2]}. */
  public double[] slice(int i) {
    int size = dim1 * dim2;
    return Arrays.copyOfRange(data, i * size, (i + 1) * size);
  }

  /** Overwrites slice {@code i} with {@code values} ({@code dim1 * dim2} of them). */
  public void setSlice(int i, double[] values) {
    int size = dim1 * dim2;
    if (values.length != size) {
      throw new IllegalArgumentException("slice needs " + size + " values, got " + values.length);
    }
    System.arraycopy(values, 0, data, i * size, size);
  }
}
