package io.flowcast.model.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A safetensors file held in memory whose header has been validated by {@link SafetensorsReader}:
 * tensor entries (in header order), metadata, and on-demand decoding of tensor values.
 *
 * <p>Decoding is lazy so that a caller can load only the tensors it needs: a file may hold
 * tensors of dtypes Flowcast cannot decode (e.g. an {@code I64} counter in a PyTorch state_dict);
 * that is an error only when such a tensor is {@linkplain #tensor(String) decoded}.
 */
public final class SafetensorsFile {
  private final byte[] bytes;
  private final int dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  SafetensorsFile(
      byte[] bytes, int dataStart, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
    this.bytes = bytes;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** The {@code __metadata__} map (empty when the file has none); unmodifiable. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Header entries by name, in header order; unmodifiable. */
  public Map<String, TensorInfo> tensorInfos() {
    return tensors;
  }

  /** The header entry of a tensor, if the file holds it. */
  public Optional<TensorInfo> info(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /**
   * Decodes one tensor.
   *
   * @throws WeightFileException naming the tensor if the file does not hold it or its dtype is not
   *     {@linkplain DType#isReadable() readable}
   */
  public Tensor tensor(String name) throws WeightFileException {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw new WeightFileException(name, "not in the file", null);
    }
    if (!info.dtype().isReadable()) {
      throw new WeightFileException(
          name, "unsupported dtype " + info.dtype() + " (readable: F16, BF16, F32, F64)", null);
    }
    double[] values =
        ElementCodec.decode(
            info.dtype(),
            bytes,
            Math.toIntExact(dataStart + info.begin()),
            (int) info.elementCount());
    return new Tensor(info.dtype(), info.shape(), values);
  }

  /**
   * Decodes every tensor, in header order.
   *
   * @throws WeightFileException naming the first tensor whose dtype is not readable
   */
  public Map<String, Tensor> tensors() throws WeightFileException {
    Map<String, Tensor> decoded = new LinkedHashMap<>();
    for (String name : tensors.keySet()) {
      decoded.put(name, tensor(name));
    }
    return decoded;
  }
}
