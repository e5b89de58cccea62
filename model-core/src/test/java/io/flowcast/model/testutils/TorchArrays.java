package io.flowcast.model.testutils;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** libtorch tensors (through DJL) from the project's row-major double arrays. */
public final class TorchArrays {
  private TorchArrays() {}

  /** A tensor of {@code shape} holding {@code flat}, in float64 or rounded to float32. */
  public static NDArray array(NDManager scope, double[] flat, Shape shape, DataType type) {
    if (type == DataType.FLOAT64) {
      return scope.create(flat, shape);
    }
    float[] floats = new float[flat.length];
    for (int i = 0; i < flat.length; i++) {
      floats[i] = (float) flat[i];
    }
    return scope.create(floats, shape);
  }
}
