package io.flowcast.model.io;

import io.flowcast.model.CellType;
import io.flowcast.model.InvalidParameterException;
import io.flowcast.model.ModelConfig;
import io.flowcast.model.ModelParameters;
import io.flowcast.model.ParameterSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Saves and loads {@link ModelParameters} as safetensors weight files.
 *
 * <p><b>Writing</b>: the tensors of {@link ParameterSpec#of(ModelConfig)}, in that order, in F32 or
 * F64, with the configuration in the {@link ModelMetadata} keys of {@code __metadata__}.
 *
 * <p><b>Reading</b>: the configuration comes from the Flowcast metadata when present (an unknown
 * {@value ModelMetadata#FORMAT_VERSION} is an error), otherwise it is inferred from the tensor
 * shapes, so plain PyTorch state_dict files load: L = number of {@code weight_ih_l{k}}, H and G
 * from {@code weight_hh_l0} [G*H, H] (G = 1 RNN, 3 GRU, 4 LSTM, or LSTM_PEEPHOLE when {@code
 * peephole_*} tensors exist), I from {@code weight_ih_l0}, O from {@code out.weight} [O, H]. F16, BF16, F32 and F64
 * tensors are accepted. Every tensor the configuration needs must be present with exactly its
 * shape and finite values. <b>Tensors the model does not use are ignored</b> (a PyTorch file may
 * hold others), except bidirectional ({@code *_reverse}) and projection ({@code weight_hr_l*})
 * tensors, which are rejected because ignoring them would silently change the model.
 *
 * <p>Every content problem is a {@link WeightFileException}, naming the tensor where one is
 * involved. Default size limits are those of {@link SafetensorsReader}; for other limits read with
 * a configured reader and call {@link #fromSafetensors}.
 */
public final class ModelFiles {
  private static final SafetensorsReader DEFAULT_READER = new SafetensorsReader();

  private ModelFiles() {}

  /** Loads a weight file of any cell kind. */
  public static ModelParameters read(Path path) throws IOException {
    return read(path, null);
  }

  /**
   * Loads a weight file, checking its cell kind.
   *
   * @param expected the cell the caller expects, or {@code null} to accept any
   * @throws WeightFileException if the file is malformed, does not hold a valid model, or holds
   *     another cell kind than {@code expected}
   * @throws IOException if the file cannot be read
   */
  public static ModelParameters read(Path path, CellType expected) throws IOException {
    return fromSafetensors(DEFAULT_READER.read(path), expected);
  }

  /** As {@link #read(Path, CellType)}, from a stream read to its end (not closed). */
  public static ModelParameters read(InputStream in, CellType expected) throws IOException {
    return fromSafetensors(DEFAULT_READER.read(in), expected);
  }

  /** As {@link #read(Path, CellType)}, from the bytes of a file. */
  public static ModelParameters fromBytes(byte[] bytes, CellType expected)
      throws WeightFileException {
    return fromSafetensors(DEFAULT_READER.fromBytes(bytes), expected);
  }

  /**
   * Builds the model held by an already validated safetensors file.
   *
   * @param expected the cell the caller expects, or {@code null} to accept any
   * @throws WeightFileException naming the tensor that is missing, mis-shaped, of an unreadable
   *     dtype or not finite; or on a cell mismatch or invalid metadata
   */
  public static ModelParameters fromSafetensors(SafetensorsFile file, CellType expected)
      throws WeightFileException {
    Map<String, TensorInfo> infos = file.tensorInfos();
    ConfigInference.rejectUnsupportedVariants(infos);
    Optional<ModelConfig> recorded = ModelMetadata.parse(file.metadata());
    ModelConfig config = recorded.isPresent() ? recorded.get() : ConfigInference.infer(infos);
    if (expected != null && expected != config.cell()) {
      throw new WeightFileException(
          "cell mismatch: the file holds a '"
              + config.cell().id()
              + "' model"
              + (recorded.isPresent() ? "" : " (inferred from the tensor shapes)")
              + ", expected '"
              + expected.id()
              + "'");
    }
    Map<String, double[]> named = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(config)) {
      TensorInfo info = infos.get(spec.name());
      if (info == null) {
        throw new WeightFileException(
            spec.name(), "missing (expected shape " + spec.shapeText() + " for " + config + ")", null);
      }
      if (!Arrays.equals(info.shape(), spec.shape())) {
        throw new WeightFileException(
            spec.name(),
            "shape " + Arrays.toString(info.shape()) + ", expected " + spec.shapeText()
                + " for " + config,
            null);
      }
      named.put(spec.name(), file.tensor(spec.name()).values());
    }
    try {
      return ModelParameters.of(config, named);
    } catch (InvalidParameterException e) {
      String prefix = "tensor '" + e.tensorName() + "': ";
      String problem =
          e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
      throw new WeightFileException(e.tensorName(), "invalid value: " + problem, e);
    }
  }

  /**
   * Saves the model to {@code path} (via a temporary file moved into place).
   *
   * @param dtype {@link DType#F32} (each value rounded to the nearest float) or {@link DType#F64}
   * @throws IllegalArgumentException if {@code dtype} is not writable
   * @throws InvalidParameterException naming a tensor with a value that is not finite in {@code
   *     dtype} (NaN, infinity, or beyond the F32 range), since such a file could not be read back
   */
  public static void write(ModelParameters parameters, Path path, DType dtype) throws IOException {
    SafetensorsWriter.write(tensors(parameters, dtype), ModelMetadata.of(parameters.config()), path);
  }

  /** As {@link #write(ModelParameters, Path, DType)}, to a stream (flushed, not closed). */
  public static void write(ModelParameters parameters, OutputStream out, DType dtype)
      throws IOException {
    SafetensorsWriter.write(tensors(parameters, dtype), ModelMetadata.of(parameters.config()), out);
  }

  /** As {@link #write(ModelParameters, Path, DType)}, returning the file's bytes. */
  public static byte[] toBytes(ModelParameters parameters, DType dtype) {
    return toBytes(parameters, dtype, Map.of());
  }

  /**
   * As {@link #toBytes(ModelParameters, DType)}, with extra metadata entries (e.g. a training step)
   * after the Flowcast ones.
   *
   * @throws IllegalArgumentException if an extra key starts with {@code flowcast.}
   */
  public static byte[] toBytes(ModelParameters parameters, DType dtype, Map<String, String> extra) {
    Map<String, String> metadata = ModelMetadata.of(parameters.config());
    for (Map.Entry<String, String> entry : extra.entrySet()) {
      if (entry.getKey().startsWith("flowcast.")) {
        throw new IllegalArgumentException("metadata key '" + entry.getKey() + "' is reserved");
      }
      metadata.put(entry.getKey(), entry.getValue());
    }
    return SafetensorsWriter.toBytes(tensors(parameters, dtype), metadata);
  }

  private static Map<String, Tensor> tensors(ModelParameters parameters, DType dtype) {
    if (!dtype.isWritable()) {
      throw new IllegalArgumentException("cannot write dtype " + dtype + " (writable: F32, F64)");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (ParameterSpec spec : ParameterSpec.of(parameters.config())) {
      double[] values = parameters.get(spec.name());
      requireFinite(spec.name(), values, dtype);
      tensors.put(spec.name(), new Tensor(dtype, spec.shape(), values));
    }
    return tensors;
  }

  private static void requireFinite(String name, double[] values, DType dtype) {
    for (int i = 0; i < values.length; i++) {
      boolean finite =
          dtype == DType.F32 ? Float.isFinite((float) values[i]) : Double.isFinite(values[i]);
      if (!finite) {
        throw new InvalidParameterException(
            name, "value " + values[i] + " at flat index " + i + " is not finite as " + dtype);
      }
    }
  }
}
